#!/usr/bin/env bash
# Run the core's fuzz target for a bounded time from the committed seeds,
# in a scratch copy (the fuzzer adds to its corpus):
#   tests/fuzz/run.sh FUZZ_BINARY SECONDS [ARTIFACT_DIR]
# A crash, a leak or a sanitizer report fails, and the input that caused it
# is kept in ARTIFACT_DIR (default: the current directory).
set -euo pipefail
binary=$1 seconds=$2 artifacts=${3:-$PWD}
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp "$(dirname "$0")"/seeds/* "$corpus"/
mkdir -p "$artifacts"
"$binary" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" 2>&1 |
    grep -E '^(stat::|Done |==|SUMMARY)|ERROR' || true
# grep hides the progress lines; the fuzzer's own status decides.
exit "${PIPESTATUS[0]}"
