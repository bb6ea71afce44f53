#!/usr/bin/env bash
# Publishes the dataset to a temporary directory and checks the output with
# the off-the-shelf tools downstream users run, independent of this
# project's code:
#   - frictionless (Python): the Data Package descriptor, every CSV against
#     its Table Schema (types, constraints, primary and foreign keys),
#     bytes and hashes;
#   - check-jsonschema and Python `jsonschema`: every published schema is a
#     valid 2020-12 schema; dataset.json and every record file validate;
#   - ajv 8 (2020-12 build, default strict mode, ajv-formats): every schema
#     compiles; dataset.json and every record file validate;
#   - datamodel-code-generator: Pydantic v2 models generated from
#     dataset-json.schema.json load dataset.json (`model_validate_json`);
#   - json-schema-to-typescript: the generated types type-check dataset.json
#     under `tsc --noEmit --strict`.
#
# Usage: tests/external/validate-published.sh [publish options...]
#   e.g. tests/external/validate-published.sh --dataset tests/fixtures/base
# Needs cargo, python3 with venv, node with npm, and access to PyPI and the
# npm registry. Exit 0 when every tool accepts the output. When the tools
# cannot be installed the script says so and exits 0, unless
# REQUIRE_EXTERNAL=1 (CI sets it): a missing tool is not a verdict.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/tests/external"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
out="$tmp/dist"

dataset="$repo/dataset"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = --dataset ] && dataset="$(cd "${args[$((i + 1))]}" && pwd)"
done

cd "$repo"
cargo xtask publish --out "$out" "$@"

skip() {
  echo "SKIPPED: $1" >&2
  [ "${REQUIRE_EXTERNAL:-0}" = 1 ] && exit 1
  exit 0
}

# Versions are pinned to a major release, so a new major of a tool is a
# deliberate change here.
python3 -m venv "$tmp/venv" && "$tmp/venv/bin/pip" install --quiet --disable-pip-version-check \
  'frictionless==5.*' 'check-jsonschema==0.*' 'jsonschema==4.*' 'datamodel-code-generator==0.*' 'pydantic==2.*' 'pyyaml==6.*' \
  || skip "could not install the Python validators from PyPI"
command -v npm >/dev/null || skip "npm is not installed"
(cd "$tmp" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund \
  'ajv@8' 'ajv-formats@3' 'yaml@2' 'json-schema-to-typescript@15' 'typescript@5') \
  || skip "could not install ajv, json-schema-to-typescript and typescript from npm"
py="$tmp/venv/bin"
nm="$tmp/node_modules"

status=0
run() {
  echo "== $1"
  shift
  "$@" || status=1
}
run "frictionless validate datapackage.json" "$py/frictionless" validate "$out/datapackage.json"
run "check-jsonschema: dataset.json" "$py/check-jsonschema" --schemafile "$out/schema/dataset-json.schema.json" "$out/dataset.json"
for kind in sources entities metrics claims; do
  run "check-jsonschema: $kind/*.yaml" "$py/check-jsonschema" --schemafile "$out/schema/$kind.schema.json" "$dataset/$kind"/*.yaml
done
run "python jsonschema: schemas, dataset.json, record files" "$py/python" "$here/py-jsonschema.py" "$out" "$dataset"
# An ES module finds its packages from where it lies: run it beside them.
cp "$here/ajv-validate.mjs" "$tmp/"
run "ajv (strict): schemas, dataset.json, record files" node "$tmp/ajv-validate.mjs" "$out" "$dataset"
echo "== datamodel-code-generator: Pydantic models load dataset.json"
if "$py/datamodel-codegen" --input "$out/schema/dataset-json.schema.json" --input-file-type jsonschema \
  --output-model-type pydantic_v2.BaseModel --formatters black --output "$tmp/models.py" 2>"$tmp/codegen.log"; then
  "$py/python" "$here/pydantic-load.py" "$tmp/models.py" "$out/dataset.json" || status=1
else
  cat "$tmp/codegen.log"
  status=1
fi
echo "== json-schema-to-typescript + tsc --strict: dataset.json as the generated type"
if "$nm/.bin/json2ts" -i "$out/schema/dataset-json.schema.json" -o "$tmp/dataset.d.ts"; then
  node "$here/ts-check.mjs" "$tmp/dataset.d.ts" "$out/dataset.json" "$tmp/check.ts" \
    && "$nm/.bin/tsc" --noEmit --strict --target es2020 --moduleResolution node "$tmp/check.ts" \
    && echo "tsc: dataset.json type-checks" || status=1
else
  status=1
fi
exit $status
