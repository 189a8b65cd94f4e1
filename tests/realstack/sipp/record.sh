#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Record one SIPp call on loopback: a UAS on 127.0.0.60:5070, a UAC on
# 127.0.0.61:5071, dumpcap on lo.  Needs sipp (Debian: sip-tester), dumpcap
# and capture rights (root).  Every process it starts is stopped by PID.
#
#   tests/realstack/sipp/record.sh SCENARIO OUT.pcap    (SCENARIO: 100rel, delayed-offer)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
scenario=$1 out=$2
for tool in sipp dumpcap timeout; do
    command -v "$tool" >/dev/null || { echo "record: missing $tool (apt-get install sip-tester tshark)" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/sipdialog-sipp.XXXXXX")
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
dumpcap -q -i lo -f "udp and host 127.0.0.60" -w "$work/capture.pcapng" >"$work/dumpcap.log" 2>&1 &
pids+=($!)
sleep 2
timeout 30 sipp -sf "$HERE/uas-$scenario.xml" -i 127.0.0.60 -p 5070 -m 1 -nostdin -trace_err \
    -error_file "$work/uas-errors.log" >"$work/uas.log" 2>&1 &
uas=$!
pids+=($uas)
sleep 1
timeout 30 sipp -sf "$HERE/uac-$scenario.xml" -i 127.0.0.61 -p 5071 -s bob 127.0.0.60:5070 -m 1 -nostdin \
    -trace_err -error_file "$work/uac-errors.log" >"$work/uac.log" 2>&1
wait "$uas"
sleep 1
kill "${pids[0]}"
wait "${pids[0]}" || true
# pcap, as the other captures of captures/real
tshark -r "$work/capture.pcapng" -F pcap -w "$out"
rm -rf "$work"
