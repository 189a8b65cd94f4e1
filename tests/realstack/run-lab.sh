#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Real-stack capture lab: real SIP stacks (kamailio as a stateful proxy or
# a presence server, baresip as user agents) place calls and subscribe on
# loopback while dumpcap records the SIP traffic, one capture per scenario.
#
#   tests/realstack/run-lab.sh OUTDIR [SCENARIO...]
#
# Scenarios: basic auth fork-two-answer fork-late-answer cancel hold transfer
# presence (all by default). Writes OUTDIR/SCENARIO.pcap and checks each
# capture (lab.py check). Needs root (or capture rights for dumpcap) and
# kamailio, kamailio-presence-modules, baresip-core, tshark, python3:
# "tools/deps.sh test" installs them. Nothing is
# left running: every process is started in the background, its PID recorded,
# and stopped by PID when the script exits. KEEP=1 keeps the work directory
# (configs and logs) even on success; it is always kept on failure.
#
# Addresses (all on lo):
#   127.0.0.1:5060  kamailio
#   127.0.0.2:5060  alice (caller)      ctrl_tcp 127.0.0.2:4444
#   127.0.0.3:5060  bob                 ctrl_tcp 127.0.0.3:4444
#   127.0.0.4:5060  carol               ctrl_tcp 127.0.0.4:4444
#   127.0.0.70:5060 kamailio presence server (scenario presence, instead of
#                   the proxy; kamailio-presence.cfg)

set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ALL_SCENARIOS=(basic auth fork-two-answer fork-late-answer cancel hold transfer presence)

# Upper bounds, in seconds, so that a hung process cannot stall CI.
START_TIMEOUT=10     # a process binds its port, dumpcap starts capturing
SCENARIO_TIMEOUT=90  # lab.py plays one scenario (the forks take ~35 s)
STOP_TIMEOUT=5       # a process exits after SIGTERM, before SIGKILL
SETTLE=1             # after the scenario, let the last packets pass
LOCK_TIMEOUT=300     # another lab run (another checkout's test suite) finishes

declare -A ADDR=([proxy]=127.0.0.1 [a]=127.0.0.2 [b]=127.0.0.3 [c]=127.0.0.4)
PRESENCE_SERVER=127.0.0.70
declare -A USER=([a]=alice [b]=bob [c]=carol)
declare -A RTP_PORTS=([a]=10200-10299 [b]=10300-10399 [c]=10400-10499)

usage() {
    echo "usage: $0 OUTDIR [SCENARIO...]   (scenarios: ${ALL_SCENARIOS[*]})" >&2
    exit 2
}

die() {
    echo "run-lab: $*" >&2
    exit 1
}

[[ $# -ge 1 && $1 != -* ]] || usage
OUTDIR=$1
shift
SCENARIOS=("$@")
[[ ${#SCENARIOS[@]} -gt 0 ]] || SCENARIOS=("${ALL_SCENARIOS[@]}")
for s in "${SCENARIOS[@]}"; do
    [[ " ${ALL_SCENARIOS[*]} " == *" $s "* ]] || { echo "run-lab: unknown scenario: $s" >&2; usage; }
done

# --- prerequisites: report what is missing, install nothing ------------------

missing=()
for tool in kamailio baresip dumpcap tshark python3 timeout; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
KAMAILIO_MODULES=/usr/lib/x86_64-linux-gnu/kamailio/modules
BARESIP_MODULES=/usr/lib/baresip/modules
[[ -e $KAMAILIO_MODULES/tm.so && -e $KAMAILIO_MODULES/auth.so ]] || missing+=("kamailio modules in $KAMAILIO_MODULES")
[[ -e $KAMAILIO_MODULES/presence.so && -e $KAMAILIO_MODULES/db_text.so ]] ||
    missing+=("kamailio presence modules in $KAMAILIO_MODULES (kamailio-presence-modules)")
[[ -e $BARESIP_MODULES/ctrl_tcp.so && -e $BARESIP_MODULES/menu.so && -e $BARESIP_MODULES/presence.so ]] ||
    missing+=("baresip modules in $BARESIP_MODULES")
if [[ ${#missing[@]} -gt 0 ]]; then
    printf 'run-lab: missing: %s\n' "${missing[@]}" >&2
    echo "run-lab: install them with: tools/deps.sh test" >&2
    echo "         (apt-get install kamailio kamailio-presence-modules baresip-core tshark python3 on Debian 12)" >&2
    exit 2
fi

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sipdialog-lab.XXXXXX")

# --- process bookkeeping ------------------------------------------------------

PIDS=()   # every process started, in start order

# start NAME LOGFILE COMMAND...: run COMMAND in the background; its PID goes
# into PID[NAME] and PIDS.
declare -A PID=()
start() {
    local name=$1 logfile=$2
    shift 2
    "$@" </dev/null >"$logfile" 2>&1 9>&- &
    PID[$name]=$!
    PIDS+=("$!")
}

# forget PID: once a process has been reaped its PID may be reused by some
# other process, which must then not be signalled.
forget() {
    local pid kept=()
    for pid in "${PIDS[@]}"; do
        [[ $pid == "$1" ]] || kept+=("$pid")
    done
    PIDS=("${kept[@]}")
}

# stop_pid PID: SIGTERM, then SIGKILL if it is still there after STOP_TIMEOUT.
stop_pid() {
    local pid=$1 i state
    # A process that has exited on its own (a UA told to quit) is only
    # reaped: signals still reach a zombie, which would look like a process
    # ignoring SIGTERM.
    state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1) || true
    if [[ $state == Z ]]; then
        wait "$pid" 2>/dev/null || true
        forget "$pid"
        return
    fi
    if kill -TERM "$pid" 2>/dev/null; then
        for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "run-lab: process $pid ignored SIGTERM, killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
    forget "$pid"
}

# stop_all: stop every process started, the last started first.
stop_all() {
    local pids=("${PIDS[@]}") i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        stop_pid "${pids[i]}"
    done
    PID=()
}

FAILED=1
cleanup() {
    stop_all
    if [[ $FAILED -eq 0 && -z ${KEEP:-} ]]; then
        rm -rf "$WORK"
    else
        echo "run-lab: configs and logs kept in $WORK" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# udp_hex ADDR PORT: how /proc/net/udp writes a local IPv4 address and port.
udp_hex() {
    local IFS=.
    # shellcheck disable=SC2086
    set -- $1 "$2"
    printf '%02X%02X%02X%02X:%04X' "$4" "$3" "$2" "$1" "$5"
}

udp_bound() {
    awk -v a="$1" 'NR > 1 && toupper($2) == a { found = 1 } END { exit !found }' /proc/net/udp
}

# The kamailio service the Debian package may have started listens on every
# address's port 5060: stop it (it is not disabled).
if [[ $(id -u) -eq 0 ]] && command -v systemctl >/dev/null && systemctl is-active --quiet kamailio 2>/dev/null; then
    echo "run-lab: stopping the kamailio service, which holds port 5060"
    systemctl stop kamailio
fi

# The lab's addresses and ports are the machine's: two runs at once (the
# test suites of two checkouts on one machine) would take each other's
# ports and packets.  They take turns.
LOCK=/tmp/sipdialog-lab.lock
exec 9>>"$LOCK"
flock -w "$LOCK_TIMEOUT" 9 || die "another lab run has held $LOCK for $LOCK_TIMEOUT s"

# Any other SIP server would take our packets: refuse to start rather than
# capture a mix.
check_port_free() {
    local addr=$1
    if udp_bound "$(udp_hex "$addr" 5060)" || udp_bound "$(udp_hex 0.0.0.0 5060)"; then
        die "UDP $addr:5060 is already in use (a kamailio or other SIP service running? 'systemctl stop kamailio')"
    fi
}

# wait_for NAME DESCRIPTION COMMAND...: until COMMAND succeeds, failing if
# process NAME exits first or START_TIMEOUT passes.
wait_for() {
    local name=$1 what=$2 i
    shift 2
    for ((i = 0; i < START_TIMEOUT * 20; i++)); do
        "$@" && return 0
        kill -0 "${PID[$name]}" 2>/dev/null || die "$name exited before $what (see $CURRENT_LOG_DIR)"
        sleep 0.05
    done
    die "$name: no $what after $START_TIMEOUT s (see $CURRENT_LOG_DIR)"
}

# --- one scenario ---------------------------------------------------------------

# answermode of bob and carol in each scenario: auto answers at once (after a
# 180), manual rings until lab.py sends "accept".
answermode() {
    case $1 in
        cancel | fork-late-answer) echo manual ;;
        *) echo auto ;;
    esac
}

write_ua_config() {
    local scenario=$1 ua=$2 dir=$3 domain=$4 params
    mkdir -p "$dir"
    sed -e "s/@ADDR@/${ADDR[$ua]}/g" -e "s/@CTRL_PORT@/4444/g" -e "s/@RTP_PORTS@/${RTP_PORTS[$ua]}/g" \
        "$HERE/baresip.config.in" >"$dir/config"
    if [[ $scenario == presence ]]; then
        # alice publishes her status (pubint: PUBLISH at start, refreshed
        # every 0.9*pubint s); bob subscribes 1 s after start to the contacts
        # marked presence=p2p, i.e. to alice at the presence server, and
        # unsubscribes when he quits.
        printf 'module_app\t\tcontact.so\nmodule_app\t\tpresence.so\n' >>"$dir/config"
        if [[ $ua == b ]]; then
            echo "\"alice\" <sip:alice@$domain>;presence=p2p" >"$dir/contacts"
        else
            : >"$dir/contacts"
        fi
    fi
    # No registration (regint=0): the proxy has a static user list, so the
    # captures hold the calls and nothing else.
    params="regint=0"
    if [[ $ua == a ]]; then
        params+=";answermode=manual"
        # The proxy (WITH_AUTH) accepts this password for any user.
        [[ $scenario == auth ]] && params+=";auth_pass=alicepw"
        # The presence server keeps a publication at most max_expires = 6 s.
        [[ $scenario == presence ]] && params+=";pubint=6"
    else
        params+=";answermode=$(answermode "$scenario")"
    fi
    echo "<sip:${USER[$ua]}@$domain>;$params" >"$dir/accounts"
}

run_scenario() {
    local scenario=$1 dir=$WORK/$1 ua uas kam_args=() pcap
    CURRENT_LOG_DIR=$dir
    mkdir -p "$dir"
    pcap=$dir/$scenario.pcap
    local server=${ADDR[proxy]}
    case $scenario in
        fork-* | transfer) uas=(a b c) ;;
        *) uas=(a b) ;;
    esac
    [[ $scenario == presence ]] && server=$PRESENCE_SERVER
    echo "== $scenario"

    check_port_free "$server"
    for ua in "${uas[@]}"; do check_port_free "${ADDR[$ua]}"; done

    # kamailio in the foreground (-DD, its children stay in our process
    # group), logging to stderr (-E), runtime files in the work dir (-Y).
    if [[ $scenario == presence ]]; then
        # The presence server reads its (empty) db_text tables from a copy.
        cp -r /usr/share/kamailio/dbtext/kamailio "$dir/dbtext"
        sed -e "s|@DBDIR@|$dir/dbtext|g" "$HERE/kamailio-presence.cfg" >"$dir/kamailio.cfg"
    else
        cp "$HERE/kamailio.cfg" "$dir/kamailio.cfg"
    fi
    [[ $scenario == auth ]] && kam_args+=(-A WITH_AUTH)
    start kamailio "$dir/kamailio.log" kamailio -f "$dir/kamailio.cfg" "${kam_args[@]}" -DD -E -Y "$dir" -m 64 -M 8
    wait_for kamailio "UDP $server:5060" udp_bound "$(udp_hex "$server" 5060)"

    # SIP only: every SIP endpoint of the lab uses port 5060 and the RTP
    # ports are far from it; and the scenario's hosts only: other SIP on
    # lo (the SIPp calls the test suite records at the same time, through
    # a kamailio on 127.0.0.66:5060) stays out. pcap rather than pcapng
    # (-P). Started before the UAs: in the presence scenario they send
    # their first requests on their own, 0.1 s (alice's PUBLISH) and 1 s
    # (bob's SUBSCRIBE) after they start.
    local hosts="host $server"
    for ua in "${uas[@]}"; do hosts+=" or host ${ADDR[$ua]}"; done
    start dumpcap "$dir/dumpcap.log" dumpcap -q -i lo -f "udp port 5060 and ($hosts)" -P -w "$pcap"
    wait_for dumpcap "capture" grep -qs '^File:' "$dir/dumpcap.log"

    local pid_args=()
    for ua in "${uas[@]}"; do
        write_ua_config "$scenario" "$ua" "$dir/$ua" "$server"
        start "$ua" "$dir/$ua.log" baresip -f "$dir/$ua"
        wait_for "$ua" "UDP ${ADDR[$ua]}:5060" udp_bound "$(udp_hex "${ADDR[$ua]}" 5060)"
        pid_args+=("$ua=${PID[$ua]}")
    done

    # In the background and waited for, so that an INT or TERM is handled at
    # once (bash runs traps only after a foreground command has finished).
    start lab "$dir/lab.log" timeout "$SCENARIO_TIMEOUT" python3 "$HERE/lab.py" run "$scenario" "${pid_args[@]}"
    local status=0
    wait "${PID[lab]}" || status=$?
    forget "${PID[lab]}"
    if [[ $status -ne 0 ]]; then
        cat "$dir/lab.log" >&2
        die "$scenario: the scenario did not complete (see $dir)"
    fi
    sleep "$SETTLE"

    # Stop the capture before the stacks, so that a shutdown cannot add
    # packets to it.
    stop_pid "${PID[dumpcap]}"
    grep -q "dropped on interface 'Loopback: lo': [0-9]*/0 " "$dir/dumpcap.log" ||
        die "$scenario: dumpcap dropped packets: $(tail -1 "$dir/dumpcap.log")"
    stop_all

    RECORDED=0
    python3 "$HERE/lab.py" check "$scenario" "$pcap" || return 0
    RECORDED=1
    # dumpcap creates its files 0600; the captures are meant to be shared.
    install -m 0644 "$pcap" "$OUTDIR/$scenario.pcap"
    echo "   $(tshark -r "$pcap" 2>/dev/null | wc -l) frames -> $OUTDIR/$scenario.pcap"
}

# --- main -------------------------------------------------------------------------

echo "kamailio: $(kamailio -v | head -1)"
echo "baresip:  $(baresip -h 2>&1 | head -1)"
echo "dumpcap:  $(dumpcap -v 2>&1 | head -1)"
echo "work dir: $WORK"
for s in "${SCENARIOS[@]}"; do
    run_scenario "$s"
    # Real stacks on a busy machine can miss a timing that a scenario relies
    # on (fork-late-answer: the proxy's CANCEL well before carol's 200): a
    # capture that is not what its scenario is about is recorded once more.
    if [[ $RECORDED -eq 0 ]]; then
        echo "run-lab: $s: the capture is not what the scenario is about; recording it again"
        mv "$WORK/$s" "$WORK/$s.first"
        run_scenario "$s"
        [[ $RECORDED -eq 1 ]] || die "$s: the capture is not what the scenario is about, twice (see $WORK/$s)"
    fi
done
FAILED=0
echo "run-lab: all done: ${SCENARIOS[*]}"
