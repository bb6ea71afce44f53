// Writes a TypeScript file that assigns the published dataset.json, as an
// object literal, to a variable of the type json-schema-to-typescript
// generated from the published schema, so that `tsc --noEmit --strict`
// checks every record against the generated types (string literal unions
// included, which a `resolveJsonModule` import would widen to `string`).
//
// Usage: node ts-check.mjs TYPES_D_TS DATASET_JSON OUT_TS
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";

const [types, data, out] = process.argv.slice(2);
const decl = readFileSync(types, "utf8");
const root = decl.match(/^export interface (\w+)/m)?.[1];
if (!root) {
  console.error(`no exported interface in ${types}`);
  process.exit(2);
}
const module = "./" + basename(types).replace(/\.d\.ts$/, "");
const json = readFileSync(data, "utf8");
writeFileSync(out, `import type { ${root} } from "${module}";\n\nexport const dataset: ${root} = ${json.trim()};\n`);
console.log(`wrote ${out}: dataset.json as a ${root}`);
