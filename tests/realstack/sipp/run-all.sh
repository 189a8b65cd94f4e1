#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Record the SIPp calls of tests/realstack/sipp, OUTDIR/sipp-SCENARIO.pcap
# each (all scenarios by default): the three session-timer calls (47 to
# 91 s) run in the background, each on its own addresses, while the short
# ones run one after the other, so that the whole takes about 90 s.
#
#   tests/realstack/sipp/run-all.sh OUTDIR [SCENARIO...]
#
# Runs take turns with other runs of this script (another checkout's test
# suite) through a lock; exits non-zero if any call failed.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LONG=(proxy-timer-expiry timer-expired timer-refreshed)
SHORT=(100rel delayed-offer timer-422 bye-reason cancel-reason)
LOCK_TIMEOUT=300

[[ $# -ge 1 && $1 != -* ]] || { echo "usage: $0 OUTDIR [SCENARIO...]  (${LONG[*]} ${SHORT[*]})" >&2; exit 2; }
outdir=$1
shift
wanted=("$@")
[[ ${#wanted[@]} -gt 0 ]] || wanted=("${LONG[@]}" "${SHORT[@]}")
mkdir -p "$outdir"

exec 9>>/tmp/sipdialog-sipp.lock
flock -w "$LOCK_TIMEOUT" 9 || { echo "run-all: another run has held /tmp/sipdialog-sipp.lock for $LOCK_TIMEOUT s" >&2; exit 1; }

pids=()
declare -A name_of=()
cleanup() { local pid; for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

record() { "$HERE/record.sh" "$1" "$outdir/sipp-$1.pcap" 9>&-; }

is_wanted() { [[ " ${wanted[*]} " == *" $1 "* ]]; }

for s in "${wanted[@]}"; do
    [[ " ${LONG[*]} ${SHORT[*]} " == *" $s "* ]] || { echo "run-all: unknown scenario: $s" >&2; exit 2; }
done
for s in "${LONG[@]}"; do
    if is_wanted "$s"; then
        record "$s" &
        pids+=($!)
        name_of[$!]=$s
    fi
done
failed=()
for s in "${SHORT[@]}"; do
    if is_wanted "$s"; then
        start=$SECONDS
        record "$s" || failed+=("$s")
        echo "   sipp-$s: $((SECONDS - start)) s"
    fi
done
for pid in "${pids[@]}"; do
    wait "$pid" || failed+=("${name_of[$pid]}")
done
pids=()
[[ ${#failed[@]} -eq 0 ]] || { echo "run-all: failed: ${failed[*]}" >&2; exit 1; }
echo "run-all: all done: ${wanted[*]}"
