#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Record one SIPp call on loopback: a UAS on UAS_ADDR:5070, a UAC on
# UAC_ADDR:5071 (the scenario's addresses below), dumpcap on lo; with a
# kamailio-SCENARIO.cfg beside it, the call goes through that kamailio, on
# PROXY_ADDR:5060.  Needs sipp (Debian: sip-tester), dumpcap, kamailio for a
# proxy, and capture rights (root).  Every process it starts is stopped by
# PID; every wait is bounded.
#
#   tests/realstack/sipp/record.sh SCENARIO OUT.pcap
#
# SCENARIO: one of the uac-SCENARIO.xml/uas-SCENARIO.xml pairs beside this
# script.  Exits non-zero (keeping its logs) unless both SIPp instances
# played their scenario to the end and dumpcap dropped nothing.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -eq 2 ]] || { echo "usage: $0 SCENARIO OUT.pcap" >&2; exit 2; }
scenario=$1 out=$2
[[ -e $HERE/uac-$scenario.xml && -e $HERE/uas-$scenario.xml ]] || { echo "record: no scenario $scenario" >&2; exit 2; }
for tool in sipp dumpcap timeout; do
    command -v "$tool" >/dev/null || { echo "record: missing $tool (tools/deps.sh test: sip-tester, tshark)" >&2; exit 2; }
done

# The session-timer calls last 47 to 92 s and run beside the others
# (tests/realstack/sipp/run-all.sh), each on its own addresses; the lab uses
# 127.0.0.60-69 only.  LIMIT bounds a call, in seconds (SIPp's -timeout, and
# timeout(1) a little later in case SIPp itself hangs).
proxy_addr=
case $scenario in
    timer-refreshed) uas_addr=127.0.0.62 uac_addr=127.0.0.63 limit=80 ;;   # ~47 s
    timer-expired)   uas_addr=127.0.0.64 uac_addr=127.0.0.65 limit=90 ;;   # ~61 s
    proxy-timer-expiry) proxy_addr=127.0.0.66 uac_addr=127.0.0.67 uas_addr=127.0.0.68 limit=110 ;;  # ~92 s
    *)               uas_addr=127.0.0.60 uac_addr=127.0.0.61 limit=20 ;;   # ~2 s
esac
proxy_cfg=$HERE/kamailio-$scenario.cfg
[[ -e $proxy_cfg ]] || proxy_cfg=
[[ -z $proxy_cfg || -n $proxy_addr ]] || { echo "record: $scenario has a proxy but no address" >&2; exit 2; }
if [[ -n $proxy_cfg ]] && ! command -v kamailio >/dev/null; then
    echo "record: missing kamailio (tools/deps.sh test)" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/sipdialog-sipp-$scenario.XXXXXX")
pids=()
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
cleanup() {
    local pid
    for pid in "${pids[@]}"; do stop "$pid"; done
    [[ -z $work ]] || echo "record: $scenario: logs kept in $work" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start COMMAND...: in the background, its PID in $! and in pids.
start() { "$@" </dev/null & pids+=($!); }
# finish PID: wait for it (interruptible, unlike a foreground command) and forget it.
finish() {
    local status=0 pid kept=()
    wait "$1" || status=$?
    for pid in "${pids[@]}"; do [[ $pid == "$1" ]] || kept+=("$pid"); done
    pids=("${kept[@]}")
    return $status
}

# udp_bound ADDR PORT: whether something listens on UDP ADDR:PORT.
udp_bound() { ss -Hlun "src $1:$2" 2>/dev/null | grep -q .; }

start dumpcap -q -i lo -f "udp and (host $uas_addr or host $uac_addr)" -P -w "$work/capture.pcap" 2>"$work/dumpcap.log"
dumpcap_pid=$!
for ((i = 0; i < 200; i++)); do
    grep -qs '^File:' "$work/dumpcap.log" && break
    kill -0 "$dumpcap_pid" 2>/dev/null || { cat "$work/dumpcap.log" >&2; exit 1; }
    sleep 0.05
done
grep -qs '^File:' "$work/dumpcap.log" || { echo "record: dumpcap did not start" >&2; exit 1; }

target=$uas_addr:5070
if [[ -n $proxy_cfg ]]; then
    # In the foreground (-DD: its children stay in its process group),
    # logging to stderr (-E), runtime files in the work dir (-Y).
    start kamailio -f "$proxy_cfg" -DD -E -Y "$work" -m 64 -M 8 >"$work/kamailio.log" 2>&1
    for ((i = 0; i < 200; i++)); do udp_bound "$proxy_addr" 5060 && break; sleep 0.05; done
    udp_bound "$proxy_addr" 5060 || { echo "record: kamailio did not start (see $work/kamailio.log)" >&2; exit 1; }
    target=$proxy_addr:5060
fi

sipp_args=(-m 1 -nostdin -timeout "${limit}s" -timeout_error -trace_err)
start timeout "$((limit + 10))" sipp -sf "$HERE/uas-$scenario.xml" -i "$uas_addr" -p 5070 "${sipp_args[@]}" \
    -error_file "$work/uas-errors.log" >"$work/uas.log" 2>&1
uas=$!
# The UAS is ready once it has bound its port.
for ((i = 0; i < 100; i++)); do udp_bound "$uas_addr" 5070 && break; sleep 0.05; done
start timeout "$((limit + 10))" sipp -sf "$HERE/uac-$scenario.xml" -i "$uac_addr" -p 5071 -s bob "$target" \
    "${sipp_args[@]}" -error_file "$work/uac-errors.log" >"$work/uac.log" 2>&1
uac=$!
status=0
finish "$uac" || { status=$?; echo "record: $scenario: the UAC failed ($status)" >&2; }
finish "$uas" || { status=$?; echo "record: $scenario: the UAS failed ($status)" >&2; }
sleep 0.5
finish_dumpcap() { kill -TERM "$dumpcap_pid"; finish "$dumpcap_pid" || true; }
finish_dumpcap
[[ $status -eq 0 ]] || exit 1
grep -q "dropped on interface '[^']*': [0-9]*/0 " "$work/dumpcap.log" ||
    { echo "record: $scenario: dumpcap dropped packets: $(tail -1 "$work/dumpcap.log")" >&2; exit 1; }
# dumpcap creates its files 0600; the captures are meant to be shared.
install -m 0644 "$work/capture.pcap" "$out"
rm -rf "$work"
work=
