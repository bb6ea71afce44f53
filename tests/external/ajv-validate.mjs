// Compiles every published JSON Schema with ajv 8 (the 2020-12 build, in
// its default strict mode, with ajv-formats) and validates the published
// dataset.json and every record file of the dataset against them.
//
// Usage: node ajv-validate.mjs DIST_DIR DATASET_DIR
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const [dist, dataset] = process.argv.slice(2);
const ajv = new Ajv2020.default ? new Ajv2020.default() : new Ajv2020();
(addFormats.default ?? addFormats)(ajv);

let failures = 0;
const schemaDir = join(dist, "schema");
const validators = {};
for (const f of readdirSync(schemaDir).sort()) {
  try {
    validators[f] = ajv.compile(JSON.parse(readFileSync(join(schemaDir, f), "utf8")));
    console.log(`compiled ${f}`);
  } catch (e) {
    console.log(`FAIL: ${f} does not compile: ${e.message}`);
    failures++;
  }
}

function check(name, schema, data) {
  const v = validators[schema];
  if (!v) return;
  if (!v(data)) {
    console.log(`FAIL: ${name} against ${schema}: ${ajv.errorsText(v.errors)}`);
    failures++;
  }
}

check("dataset.json", "dataset-json.schema.json", JSON.parse(readFileSync(join(dist, "dataset.json"), "utf8")));
let records = 0;
for (const kind of ["sources", "entities", "metrics", "claims"]) {
  const dir = join(dataset, kind);
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith(".yaml") || !statSync(join(dir, f)).isFile()) continue;
    check(`${kind}/${f}`, `${kind}.schema.json`, YAML.parse(readFileSync(join(dir, f), "utf8")));
    records++;
  }
}
check("dataset.yaml", "dataset.schema.json", YAML.parse(readFileSync(join(dataset, "dataset.yaml"), "utf8")));
console.log(`ajv: ${Object.keys(validators).length} schemas, dataset.json and ${records + 1} record files, ${failures} failures`);
process.exit(failures ? 1 : 0);
