#!/usr/bin/env bash
# Publishes the dataset to a temporary directory and validates the output
# with off-the-shelf tools, independent of this project's code:
#   - frictionless (Python): the Data Package descriptor, every CSV against
#     its Table Schema (types, constraints, primary and foreign keys),
#     bytes and hashes;
#   - check-jsonschema: dataset.json against the published JSON Schema.
#
# Usage: tests/external/validate-published.sh [publish options...]
#   e.g. tests/external/validate-published.sh --dataset tests/fixtures/base
# Needs cargo, python3 with venv, and access to PyPI. Exit 0 when both
# validators accept the output.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
out="$tmp/dist"

cd "$repo"
cargo xtask publish --out "$out" "$@"

# The validators come from PyPI. When they cannot be installed (no python3
# venv, no registry), say so and skip, unless REQUIRE_EXTERNAL=1: that is a
# missing tool, not a verdict on the output.
if ! { python3 -m venv "$tmp/venv" && "$tmp/venv/bin/pip" install --quiet --disable-pip-version-check 'frictionless==5.*' check-jsonschema; }; then
  echo "SKIPPED: could not install frictionless and check-jsonschema from PyPI" >&2
  [ "${REQUIRE_EXTERNAL:-0}" = 1 ] && exit 1
  exit 0
fi

status=0
echo "== frictionless validate $out/datapackage.json"
"$tmp/venv/bin/frictionless" validate "$out/datapackage.json" || status=1
echo "== check-jsonschema --schemafile schema/dataset-json.schema.json dataset.json"
"$tmp/venv/bin/check-jsonschema" --schemafile "$out/schema/dataset-json.schema.json" "$out/dataset.json" || status=1
exit $status
