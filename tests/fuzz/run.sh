#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Run a fuzz target for a bounded time from committed seeds, in a scratch
# copy (the fuzzer adds to its corpus):
#   tests/fuzz/run.sh FUZZ_BINARY SECONDS ARTIFACT_DIR [SEEDS_DIR [DICTIONARY]]
# (default seeds: tests/fuzz/seeds, those of fuzz_core).
# A crash, a leak or a sanitizer report fails, and the input that caused it
# is kept in ARTIFACT_DIR (default: the current directory).
set -euo pipefail
binary=$1 seconds=$2 artifacts=$3 seeds=${4:-$(dirname "$0")/seeds} dict=${5:-}
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp "$seeds"/* "$corpus"/
mkdir -p "$artifacts"
# grep hides the progress lines; the fuzzer's own status decides (taken
# before anything else runs: `|| true` after the pipeline would reset it).
set +e
"$binary" -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$artifacts/" ${dict:+-dict="$dict"} \
    "$corpus" 2>&1 |
    grep -E '^(stat::|Done |==|SUMMARY)|ERROR'
status=${PIPESTATUS[0]}
exit "$status"
