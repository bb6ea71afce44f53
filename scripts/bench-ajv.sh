#!/usr/bin/env bash
# The check beside ajv, in one run on the same synthetic dataset: the full
# `cargo xtask check` (every rule, quotes verified against the archived
# texts) against ajv 8 + `yaml` validating the claim files against the
# JSON Schema alone (scripts/ajv-bench.mjs). Three runs each, interleaved;
# prints each wall time and the ratio of the medians.
#
# Usage: scripts/bench-ajv.sh [CLAIMS]   (default 100000)
# Needs node and npm (ajv@8, ajv-formats@3 and yaml@2 are installed into a
# temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
claims="${1:-100000}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cargo build -q --release -p xtask
data="target/bench/$claims"
# `bench` synthesises the dataset once (and reuses it afterwards).
./target/release/xtask bench --claims "$claims" --runs 1 >/dev/null
(cd "$tmp" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund 'ajv@8' 'ajv-formats@3' 'yaml@2')
cp scripts/ajv-bench.mjs "$tmp/"

now() { date +%s.%N; }
check_times=()
ajv_times=()
for run in 1 2 3; do
  s=$(now)
  status=0
  ./target/release/xtask check --dataset "$data" --archive "$data-archive" --format json >/dev/null || status=$?
  e=$(now)
  [ "$status" -le 1 ] || { echo "the check could not run (exit $status)" >&2; exit 2; }
  check_times+=("$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')")
  s=$(now)
  node "$tmp/ajv-bench.mjs" schema "$data" >"$tmp/ajv.json"
  e=$(now)
  ajv_times+=("$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
mc=$(median "${check_times[@]}")
ma=$(median "${ajv_times[@]}")
echo "claims: $claims ($(cat "$tmp/ajv.json"))"
echo "cargo xtask check (all rules, archive): ${check_times[*]} s (median $mc s)"
echo "ajv 8 + yaml (claim files, schema only): ${ajv_times[*]} s (median $ma s)"
awk -v c="$mc" -v a="$ma" 'BEGIN { printf "the check is %.1f times as fast as ajv\n", a / c }'
