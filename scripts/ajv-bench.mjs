// The baseline for `scripts/bench-ajv.sh`: what a downstream tool in
// JavaScript does to validate the record files against the committed JSON
// Schema alone: read every claim file, parse its YAML (`yaml`), validate
// it (ajv 8, 2020-12 build, with ajv-formats). Prints one line of JSON.
//
// Usage: node ajv-bench.mjs SCHEMA_DIR DATASET_DIR
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const [schemaDir, dataset] = process.argv.slice(2);
const start = process.hrtime.bigint();
// Not strict: the committed schema carries the project's own formats and
// keywords, which strict mode refuses (the published copy drops them).
const ajv = new (Ajv2020.default ?? Ajv2020)({ strict: false });
(addFormats.default ?? addFormats)(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(join(schemaDir, "claims.schema.json"), "utf8")));

function* files(dir) {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (f.endsWith(".yaml")) yield p;
  }
}

let count = 0;
let invalid = 0;
let bytes = 0;
for (const f of files(join(dataset, "claims"))) {
  const text = readFileSync(f, "utf8");
  bytes += text.length;
  if (!validate(YAML.parse(text))) invalid++;
  count++;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ files: count, invalid, bytes, seconds }));
