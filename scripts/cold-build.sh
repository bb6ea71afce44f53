#!/usr/bin/env bash
# Measures what a new user waits for on a fresh clone: the first
# `cargo xtask check` (a cold build of xtask, then the check) and then
# `cargo test --workspace` (the rest of the test build, then the tests),
# each in a fresh target directory, with `cargo build --timings` reports
# kept under target/cold-build/.
#
# Usage: scripts/cold-build.sh
# The crates must already be downloaded (run any cargo command once);
# network time is not what this measures.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export CARGO_TARGET_DIR="$tmp/target"
out="target/cold-build"
mkdir -p "$out"

# Wall time, and the CPU time (user + sys) of the step's processes: on a
# machine with other work running the CPU time is the steadier figure.
t() {
  local label="$1"
  shift
  /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >/dev/null 2>&1
  awk -v l="$label" '{ printf "%-44s %6.1f s wall, %6.1f s CPU\n", l, $1, $2 + $3 }' "$tmp/time"
}

echo "cold build on $(nproc) cores, $(rustc --version)"
t "cargo build -p xtask (cold)" cargo build -q -p xtask --timings
cp "$CARGO_TARGET_DIR"/cargo-timings/cargo-timing.html "$out/check-build.html"
t "cargo xtask check (built)" cargo run -q -p xtask -- check
t "cargo test --workspace --no-run (after)" cargo test -q --workspace --no-run --timings
cp "$CARGO_TARGET_DIR"/cargo-timings/cargo-timing.html "$out/test-build.html"
t "cargo test --workspace (built)" cargo test -q --workspace
echo "timings: $out/check-build.html, $out/test-build.html"
