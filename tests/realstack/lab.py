#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Drive the user agents of the real-stack lab, and check the captures.

    lab.py run SCENARIO a=PID b=PID c=PID   play SCENARIO on the running UAs
    lab.py check SCENARIO PCAP              check that the capture shows what SCENARIO is about
    lab.py flow PCAP                        print the capture as a frame list (captures/real/README.md)

run-lab.sh starts kamailio and the baresip UAs and captures; this script only
talks to each baresip through its ctrl_tcp module (JSON in netstrings, one TCP
connection per UA, commands and events), and, for fork-late-answer, freezes
carol with SIGSTOP for a few tens of milliseconds; in presence it tells bob to
quit and waits until he has. Python standard library only.
"""

import json
import os
import select
import signal
import socket
import subprocess
import sys
import time

PROXY = "127.0.0.1"
PRESENCE_SERVER = "127.0.0.70"  # scenario presence; must match run-lab.sh
# name -> (SIP address, ctrl_tcp port); must match run-lab.sh
UAS = {"a": ("127.0.0.2", 4444), "b": ("127.0.0.3", 4444), "c": ("127.0.0.4", 4444)}
NAMES = {PROXY: "proxy", "127.0.0.2": "alice", "127.0.0.3": "bob", "127.0.0.4": "carol",
         PRESENCE_SERVER: "presence"}

T0 = time.monotonic()


def log(msg):
    print(f"[{time.monotonic() - T0:8.3f}] {msg}", flush=True)


class LabError(Exception):
    pass


class UA:
    """One baresip, through a persistent ctrl_tcp connection."""

    def __init__(self, name, pid, connect_timeout=10.0):
        self.name, self.pid = name, pid
        self.addr, port = UAS[name]
        self.buf = b""
        self.events = []      # every event received, in order
        self.used = set()     # indexes of events already matched by expect()
        self.responses = {}   # token -> response
        self.token = 0
        deadline = time.monotonic() + connect_timeout
        while True:
            try:
                self.sock = socket.create_connection((self.addr, port), timeout=1.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise LabError(f"{name}: ctrl_tcp {self.addr}:{port} does not answer")
                time.sleep(0.1)
        self.sock.setblocking(False)

    def fileno(self):
        return self.sock.fileno()

    def feed(self):
        """Read what is there and split it into netstrings ("LEN:JSON,")."""
        data = self.sock.recv(65536)
        if not data:
            raise LabError(f"{self.name}: ctrl_tcp connection closed (baresip died?)")
        self.buf += data
        while b":" in self.buf:
            head, rest = self.buf.split(b":", 1)
            size = int(head)
            if len(rest) < size + 1:
                break
            msg = json.loads(rest[:size])
            self.buf = rest[size + 1:]
            if msg.get("event"):
                self.events.append(msg)
                log(f"{self.name}: event {msg.get('type')} {msg.get('param', '')}")
            elif msg.get("response"):
                self.responses[msg.get("token")] = msg

    def send(self, command, params=""):
        """Queue a command; returns its token (see Lab.response)."""
        self.token += 1
        token = f"{self.name}{self.token}"
        body = json.dumps({"command": command, "params": params, "token": token}).encode()
        self.sock.sendall(b"%d:%s," % (len(body), body))
        log(f"{self.name}: command {command} {params}")
        return token


class Lab:
    """The running UAs, as lab.a, lab.b, lab.c."""

    def __init__(self, pids):
        self.uas = {name: UA(name, pid) for name, pid in pids.items()}
        for name, ua in self.uas.items():
            setattr(self, name, ua)

    def pump(self, timeout):
        """Read whatever the UAs send during at most timeout seconds."""
        ready, _, _ = select.select(list(self.uas.values()), [], [], max(timeout, 0))
        for ua in ready:
            ua.feed()

    def wait(self, what, predicate, timeout):
        deadline = time.monotonic() + timeout
        while True:
            result = predicate()
            if result is not None:
                return result
            left = deadline - time.monotonic()
            if left <= 0:
                raise LabError(f"timed out after {timeout} s waiting for {what}")
            self.pump(left)

    def sleep(self, seconds):
        """Sleep, but keep reading events."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            self.pump(left)

    def command(self, ua, command, params="", timeout=5.0):
        token = ua.send(command, params)
        return self.response(ua, token, timeout)

    def response(self, ua, token, timeout=5.0):
        resp = self.wait(f"{ua.name}: response to {token}", lambda: ua.responses.get(token), timeout)
        if not resp.get("ok"):
            raise LabError(f"{ua.name}: command failed: {resp}")
        return resp

    def quit(self, ua, timeout=10.0):
        """Tell a UA to quit and wait until its process has exited (run-lab.sh reaps it)."""
        ua.send("quit")
        del self.uas[ua.name]  # its connection closes: stop reading it
        deadline = time.monotonic() + timeout
        while process_state(ua.pid) not in ("Z", "X"):
            if time.monotonic() > deadline:
                raise LabError(f"{ua.name}: still running {timeout} s after quit")
            self.pump(0.05)
        ua.sock.close()
        log(f"{ua.name}: exited")

    def expect(self, ua, event_type, timeout=5.0):
        """Wait for the next event of this type that no expect() has taken yet."""
        def find():
            for i, ev in enumerate(ua.events):
                if i not in ua.used and ev.get("type") == event_type:
                    ua.used.add(i)
                    return ev
            return None
        return self.wait(f"{ua.name}: {event_type}", find, timeout)


def process_state(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return "X"


def freeze(pid):
    os.kill(pid, signal.SIGSTOP)
    deadline = time.monotonic() + 2
    while process_state(pid) not in ("T", "t"):
        if time.monotonic() > deadline:
            raise LabError(f"process {pid} did not stop")
        time.sleep(0.001)


# ---------------------------------------------------------------- scenarios
# Each scenario ends when every UA has closed its calls; run-lab.sh then lets
# the last packets pass before it stops the capture.

def alice_calls_bob(lab):
    lab.command(lab.a, "dial", f"sip:bob@{PROXY}")
    lab.expect(lab.a, "CALL_ESTABLISHED")
    lab.expect(lab.b, "CALL_ESTABLISHED")


def basic(lab):
    alice_calls_bob(lab)
    lab.sleep(2.0)
    lab.command(lab.a, "hangup")
    lab.expect(lab.a, "CALL_CLOSED")
    lab.expect(lab.b, "CALL_CLOSED")


def auth(lab):
    # The proxy runs with WITH_AUTH and alice's account has auth_pass:
    # baresip answers the 407 by itself.
    basic(lab)


def fork_two_answer(lab):
    # bob and carol both auto-answer the forked INVITE at once; either 200
    # may reach alice first.
    lab.command(lab.a, "dial", f"sip:group@{PROXY}")
    lab.expect(lab.a, "CALL_ESTABLISHED")
    lab.sleep(2.0)
    lab.command(lab.a, "hangup")
    lab.expect(lab.a, "CALL_CLOSED")
    # alice hangs up the call she took; she never ACKs the other 200 (see
    # README), whose sender retransmits it until 64*T1 = 32 s, then gives up
    # and hangs up with a BYE.
    lab.expect(lab.b, "CALL_CLOSED", timeout=45.0)
    lab.expect(lab.c, "CALL_CLOSED", timeout=45.0)


def fork_late_answer(lab):
    # bob and carol ring (manual answer); bob answers, carol answers 40 ms
    # later. On loopback the proxy's CANCEL reaches carol within microseconds,
    # so to have carol answer before she reads the CANCEL, as she would over a
    # link with some latency, carol's process is frozen (SIGSTOP) from just
    # before bob answers until 40 ms after: her "accept" command is queued on
    # her ctrl_tcp connection before bob answers, hence before the CANCEL
    # reaches her SIP socket, and she handles it first when she resumes.
    lab.command(lab.a, "dial", f"sip:group@{PROXY}")
    lab.expect(lab.b, "CALL_INCOMING")
    lab.expect(lab.c, "CALL_INCOMING")
    lab.expect(lab.a, "CALL_RINGING")
    lab.sleep(0.5)  # both 180s have gone through the proxy
    freeze(lab.c.pid)
    log("c: frozen (SIGSTOP)")
    try:
        carol_accept = lab.c.send("accept")
        lab.command(lab.b, "accept")
        lab.expect(lab.a, "CALL_ESTABLISHED")
        time.sleep(0.04)
    finally:
        os.kill(lab.c.pid, signal.SIGCONT)
        log("c: resumed (SIGCONT)")
    lab.response(lab.c, carol_accept)
    lab.sleep(2.0)
    lab.command(lab.a, "hangup")
    lab.expect(lab.a, "CALL_CLOSED")
    lab.expect(lab.b, "CALL_CLOSED")
    lab.expect(lab.c, "CALL_CLOSED", timeout=45.0)


def cancel(lab):
    lab.command(lab.a, "dial", f"sip:bob@{PROXY}")
    lab.expect(lab.b, "CALL_INCOMING")
    lab.expect(lab.a, "CALL_RINGING")
    lab.sleep(1.0)
    lab.command(lab.a, "hangup")  # unanswered outgoing call: CANCEL
    lab.expect(lab.a, "CALL_CLOSED")
    lab.expect(lab.b, "CALL_CLOSED")


def hold(lab):
    alice_calls_bob(lab)
    lab.expect(lab.a, "CALL_REMOTE_SDP")  # bob's answer to the initial offer
    lab.sleep(1.0)
    lab.command(lab.a, "hold")     # re-INVITE, a=sendonly
    lab.expect(lab.a, "CALL_REMOTE_SDP")
    lab.sleep(1.0)
    lab.command(lab.a, "resume")   # re-INVITE, a=sendrecv
    lab.expect(lab.a, "CALL_REMOTE_SDP")
    lab.sleep(1.0)
    lab.command(lab.a, "hangup")
    lab.expect(lab.a, "CALL_CLOSED")
    lab.expect(lab.b, "CALL_CLOSED")


def transfer(lab):
    # Blind transfer (RFC 3515, RFC 5589 §6): alice calls bob, then refers
    # him to carol; bob accepts the REFER (202), reports "100 Trying" in a
    # NOTIFY, calls carol through the proxy, and reports her 200 in a second
    # NOTIFY.
    alice_calls_bob(lab)
    lab.sleep(1.0)
    lab.command(lab.a, "transfer", f"sip:carol@{PROXY}")
    lab.expect(lab.c, "CALL_ESTABLISHED")
    lab.expect(lab.a, "CALL_CLOSED")
    lab.sleep(1.0)
    lab.command(lab.b, "hangup")
    lab.expect(lab.b, "CALL_CLOSED")
    lab.expect(lab.c, "CALL_CLOSED")


def presence(lab):
    # The UAs start on their own: alice PUBLISHes her status at once, bob
    # SUBSCRIBEs to alice's presence 1 s after he starts, and refreshes his
    # subscription 0.9 * 6 s after the 200 (the server grants 6 s).
    lab.sleep(2.0)
    lab.command(lab.a, "presence_online")  # PUBLISH open: a NOTIFY to bob
    lab.sleep(6.0)                         # bob's refresh, ~6.4 s after he started
    lab.quit(lab.b)                        # SUBSCRIBE Expires: 0, NOTIFY terminated


SCENARIOS = {
    "basic": basic,
    "auth": auth,
    "fork-two-answer": fork_two_answer,
    "fork-late-answer": fork_late_answer,
    "cancel": cancel,
    "hold": hold,
    "transfer": transfer,
    "presence": presence,
}


# ------------------------------------------------------------------- checks

FIELDS = ["frame.number", "frame.time_relative", "ip.src", "ip.dst", "udp.srcport", "udp.dstport",
          "sip.Method", "sip.Status-Code", "sip.CSeq.seq", "sip.CSeq.method", "sip.Call-ID",
          "sip.from.tag", "sip.to.tag", "sip.Proxy-Authorization", "sdp.media_attr", "udp.payload"]


class Msg:
    def __init__(self, cols):
        f = dict(zip(FIELDS, cols))
        self.frame = int(f["frame.number"])
        self.time = float(f["frame.time_relative"])
        self.src, self.dst = NAMES.get(f["ip.src"], f["ip.src"]), NAMES.get(f["ip.dst"], f["ip.dst"])
        self.ports = (f["udp.srcport"], f["udp.dstport"])
        self.method, self.status = f["sip.Method"], f["sip.Status-Code"]
        self.cseq = int(f["sip.CSeq.seq"] or -1)
        self.cseq_method = f["sip.CSeq.method"]
        self.callid, self.ftag, self.ttag = f["sip.Call-ID"], f["sip.from.tag"], f["sip.to.tag"]
        self.auth = bool(f["sip.Proxy-Authorization"])
        self.attrs = f["sdp.media_attr"].split(",") if f["sdp.media_attr"] else []
        self.payload = f["udp.payload"]

    def is_req(self, method):
        return self.method == method

    def text(self):
        return bytes.fromhex(self.payload.replace(":", "")).decode("utf-8", "replace")

    def header(self, name):
        """The first value of a SIP header (long name), or None."""
        head = self.text().split("\r\n\r\n", 1)[0]
        for line in head.split("\r\n")[1:]:
            key, _, value = line.partition(":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return None

    def body(self):
        parts = self.text().split("\r\n\r\n", 1)
        return parts[1] if len(parts) == 2 else ""

    def is_resp(self, status, method):
        return self.status == str(status) and self.cseq_method == method

    def __str__(self):
        what = self.method or f"{self.status} ({self.cseq_method})"
        return f"#{self.frame} {self.src}->{self.dst} {what} CSeq {self.cseq}"


def read_capture(pcap):
    out = subprocess.run(["tshark", "-r", pcap, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a",
                          "-E", "aggregator=,"] + sum((["-e", f] for f in FIELDS), []),
                         check=True, capture_output=True, text=True, timeout=60).stdout
    return [Msg(line.split("\t")) for line in out.splitlines()]


class Checker:
    def __init__(self, scenario, pcap):
        self.scenario, self.msgs, self.failures, self.notes = scenario, read_capture(pcap), [], []
        self.pcap = pcap

    def require(self, cond, what):
        if not cond:
            self.failures.append(what)
        return cond

    def find(self, pred, after=0):
        """First message after frame `after` that satisfies pred."""
        return next((m for m in self.msgs if m.frame > after and pred(m)), None)

    def all(self, pred):
        return [m for m in self.msgs if pred(m)]

    def sequence(self, steps):
        """Each step (src, dst, label) must appear, in this order."""
        frame = 0
        for src, dst, label in steps:
            method, _, rest = label.partition(" ")
            if method.isdigit():
                pred = (lambda m, s=method, cm=rest: m.src == src and m.dst == dst and m.is_resp(s, cm))
            else:
                pred = (lambda m, cm=method: m.src == src and m.dst == dst and m.is_req(cm))
            m = self.find(pred, frame)
            if not self.require(m, f"missing {src}->{dst} {label} after frame {frame}"):
                return
            frame = m.frame

    def common(self):
        self.require(self.msgs, "empty capture")
        nonsip = subprocess.run(["tshark", "-r", self.pcap, "-Y", "not sip or not udp.port == 5060"],
                                check=True, capture_output=True, text=True, timeout=60).stdout
        self.require(not nonsip.strip(), f"frames that are not SIP over UDP port 5060:\n{nonsip}")
        strangers = [str(m) for m in self.msgs if m.src not in NAMES.values() or m.dst not in NAMES.values()]
        self.require(not strangers, f"frames from or to hosts outside the lab: {strangers}")
        # A loopback capture must see each packet once: the same datagram on the
        # same hop twice within 100 ms is a capture artefact, not a (SIP)
        # retransmission, which comes 500 ms (T1) later at the earliest.
        last = {}
        for m in self.msgs:
            key = (m.src, m.dst, m.ports, m.payload)
            if key in last:
                self.require(m.time - last[key] > 0.1, f"duplicated packet: {m}")
            last[key] = m.time
        # A call has one Call-ID; a transfer has two calls, and the presence
        # scenario a subscription and publications (checked there).
        if self.scenario not in ("transfer", "presence"):
            self.require(len({m.callid for m in self.msgs}) == 1, "more than one Call-ID")

    def check(self):
        self.common()
        getattr(self, "check_" + self.scenario.replace("-", "_"))()
        return self.failures

    def call_setup_and_bye(self, callee="bob"):
        self.sequence([("alice", "proxy", "INVITE"), ("proxy", callee, "INVITE"),
                       (callee, "proxy", "200 INVITE"), ("proxy", "alice", "200 INVITE"),
                       ("alice", "proxy", "ACK"), ("proxy", callee, "ACK"),
                       ("alice", "proxy", "BYE"), ("proxy", callee, "BYE"),
                       (callee, "proxy", "200 BYE"), ("proxy", "alice", "200 BYE")])

    def check_basic(self):
        self.call_setup_and_bye()
        self.require(len(self.all(lambda m: m.src == "alice" and m.is_req("INVITE"))) == 1, "one INVITE")

    def check_auth(self):
        self.sequence([("alice", "proxy", "INVITE"), ("proxy", "alice", "407 INVITE"), ("alice", "proxy", "ACK")])
        invites = self.all(lambda m: m.src == "alice" and m.is_req("INVITE"))
        if self.require(len(invites) == 2, "alice sends two INVITEs (challenged one and retry)"):
            first, retry = invites
            self.require(not first.auth and retry.auth, "only the retry carries Proxy-Authorization")
            self.require(retry.cseq == first.cseq + 1, "the retry increments the CSeq by one")
            self.notes.append(f"INVITE CSeq {first.cseq} -> 407 -> INVITE CSeq {retry.cseq} with credentials")
        self.call_setup_and_bye()

    def fork(self, winner=None):
        """Checks common to both forking scenarios.

        Returns the first 200 of the callee whose 200 reached alice first and
        that of the other one (None, None if either is missing)."""
        self.sequence([("alice", "proxy", "INVITE"), ("proxy", "bob", "INVITE"), ("proxy", "carol", "INVITE")])
        oks = {}  # first 200 to alice of each dialog (To tag), in order
        for m in self.all(lambda m: m.dst == "alice" and m.is_resp(200, "INVITE")):
            oks.setdefault(m.ttag, m)
        self.require(len(oks) == 2, f"alice receives 200s with two different To tags (got {list(oks)})")
        sent = {callee: self.find(lambda m, c=callee: m.src == c and m.is_resp(200, "INVITE"))
                for callee in ("bob", "carol")}
        if not self.require(all(sent.values()), "both bob and carol answer 200") or len(oks) != 2:
            return None, None
        first, second = sorted(sent, key=lambda c: oks[sent[c].ttag].frame)
        self.notes.append(f"{first}'s 200 reaches alice first (frame {oks[sent[first].ttag].frame}), "
                          f"{second}'s second (frame {oks[sent[second].ttag].frame})")
        if winner:
            self.require(first == winner, f"{winner}'s 200 reaches alice first")
        # What alice does with the second dialog: observed, not required.
        tag = sent[second].ttag
        acks = self.all(lambda m: m.src == "alice" and m.is_req("ACK") and m.ttag == tag)
        byes = self.all(lambda m: m.src == "alice" and m.is_req("BYE") and m.ttag == tag)
        copies = self.all(lambda m: m.src == second and m.is_resp(200, "INVITE"))
        self.notes.append(f"alice sent {len(acks)} ACK(s) and {len(byes)} BYE(s) for {second}'s 200; "
                          f"{second} sent that 200 {len(copies)} time(s), over "
                          f"{copies[-1].time - copies[0].time:.1f} s")
        bye = self.find(lambda m: m.src == second and m.is_req("BYE"))
        self.require(byes or bye, f"the dialog of {second}'s 200 ends with a BYE from alice or {second}")
        if bye:
            answer = self.find(lambda m: m.dst == second and m.cseq_method == "BYE" and m.status, bye.frame)
            self.notes.append(f"{second} sent BYE at {bye.time:.3f} s (frame {bye.frame}), answered "
                              f"{answer.status if answer else 'never'}")
        self.call_setup_and_bye(first)
        return sent[first], sent[second]

    def cancel_note(self, loser_ok):
        cancel = self.find(lambda m: m.src == "proxy" and m.dst == loser_ok.src and m.is_req("CANCEL"))
        if not cancel:
            self.notes.append(f"no CANCEL to {loser_ok.src}")
            return None
        answer = self.find(lambda m: m.src == loser_ok.src and m.cseq_method == "CANCEL" and m.status)
        gap = (cancel.time - loser_ok.time) * 1000
        self.notes.append(f"CANCEL to {loser_ok.src} (frame {cancel.frame}) {abs(gap):.3f} ms "
                          f"{'after' if gap >= 0 else 'before'} {loser_ok.src}'s 200 (frame {loser_ok.frame}), "
                          f"answered {answer.status if answer else 'never'}")
        return cancel

    def check_fork_two_answer(self):
        _, second = self.fork()
        if second:
            self.cancel_note(second)

    def check_fork_late_answer(self):
        _, carol_ok = self.fork(winner="bob")
        if carol_ok:
            cancel = self.cancel_note(carol_ok)
            if self.require(cancel, "the proxy CANCELs carol's branch"):
                gap = carol_ok.time - cancel.time
                self.require(gap > 0.02, f"carol's 200 comes > 20 ms after the CANCEL (got {gap * 1000:.1f} ms)")

    def check_cancel(self):
        # Each hop in its own order: the proxy relays the CANCEL before it
        # answers it, and bob's answers can overtake the proxy's.
        self.sequence([("alice", "proxy", "INVITE"), ("proxy", "bob", "INVITE"), ("bob", "proxy", "180 INVITE"),
                       ("proxy", "alice", "180 INVITE"), ("alice", "proxy", "CANCEL"), ("proxy", "alice", "200 CANCEL"),
                       ("proxy", "alice", "487 INVITE"), ("alice", "proxy", "ACK")])
        self.sequence([("alice", "proxy", "CANCEL"), ("proxy", "bob", "CANCEL"), ("bob", "proxy", "200 CANCEL"),
                       ("bob", "proxy", "487 INVITE"), ("proxy", "bob", "ACK"), ("proxy", "alice", "487 INVITE")])
        self.require(not self.all(lambda m: m.is_resp(200, "INVITE")), "no 200 to the INVITE")

    def check_hold(self):
        invites = self.all(lambda m: m.src == "alice" and m.is_req("INVITE"))
        if self.require(len(invites) == 3, f"alice sends INVITE, re-INVITE, re-INVITE (got {len(invites)})"):
            first, hold, resume = invites
            self.require(first.cseq < hold.cseq < resume.cseq, "re-INVITE CSeqs increase")
            self.require(hold.ttag and hold.ttag == resume.ttag, "the re-INVITEs are in the dialog")
            self.require("sendonly" in hold.attrs, f"hold offer is sendonly ({hold.attrs})")
            self.require("sendrecv" in resume.attrs or not any(a in resume.attrs for a in
                                                               ("sendonly", "recvonly", "inactive")),
                         f"resume offer is sendrecv ({resume.attrs})")
            def direction(m):
                return ",".join(a for a in m.attrs if a in ("sendrecv", "sendonly", "recvonly", "inactive"))
            self.notes.append(f"INVITE CSeq {first.cseq}, re-INVITE CSeq {hold.cseq} ({direction(hold)}), "
                              f"re-INVITE CSeq {resume.cseq} ({direction(resume)})")
        self.call_setup_and_bye()

    def check_transfer(self):
        """Blind transfer (RFC 5589 §6): REFER, 202, NOTIFY 100 Trying, the
        new call to carol, NOTIFY 200 OK, and the transferor's BYE."""
        refer = self.find(lambda m: m.src == "alice" and m.is_req("REFER"))
        if not self.require(refer, "alice sends a REFER"):
            return
        self.require("carol" in (refer.header("Refer-To") or ""), f"Refer-To names carol ({refer.header('Refer-To')})")
        transferred = refer.callid
        # Each hop in its own order: the proxy may relay bob's first NOTIFY
        # before his 202 reaches alice.
        self.sequence([("alice", "proxy", "INVITE"), ("proxy", "bob", "INVITE"), ("bob", "proxy", "200 INVITE"),
                       ("proxy", "alice", "200 INVITE"), ("alice", "proxy", "ACK"), ("alice", "proxy", "REFER"),
                       ("proxy", "bob", "REFER"), ("bob", "proxy", "202 REFER"), ("bob", "proxy", "NOTIFY"),
                       ("bob", "proxy", "INVITE"), ("proxy", "carol", "INVITE"), ("carol", "proxy", "200 INVITE"),
                       ("bob", "proxy", "NOTIFY"), ("proxy", "alice", "NOTIFY"), ("alice", "proxy", "200 NOTIFY"),
                       ("alice", "proxy", "BYE"), ("proxy", "bob", "BYE"), ("bob", "proxy", "200 BYE"),
                       ("proxy", "alice", "200 BYE")])
        self.sequence([("proxy", "alice", "202 REFER"), ("alice", "proxy", "BYE")])
        notifies = self.all(lambda m: m.src == "bob" and m.is_req("NOTIFY"))
        if self.require(len(notifies) == 2, f"bob sends two NOTIFYs (got {len(notifies)})"):
            trying, final = notifies
            # RFC 3515 §2.4.6: the id is the REFER's CSeq.
            for n in notifies:
                self.require(n.callid == transferred and n.header("Event") == f"refer;id={refer.cseq}" and
                             n.header("Content-Type") == "message/sipfrag",
                             f"{n}: a refer NOTIFY (Event {n.header('Event')}) with a sipfrag in the transferred call")
            self.require(trying.body().startswith("SIP/2.0 100"), f"first sipfrag is 100 ({trying.body()!r})")
            self.require(final.body().startswith("SIP/2.0 200"), f"second sipfrag is 200 ({final.body()!r})")
            self.require((final.header("Subscription-State") or "").startswith("terminated"),
                         f"the final NOTIFY terminates the subscription ({final.header('Subscription-State')})")
            self.notes.append(f"NOTIFYs: {trying.header('Subscription-State')} {trying.body().strip()!r}, "
                              f"{final.header('Subscription-State')} {final.body().strip()!r}")
        invite = self.find(lambda m: m.src == "bob" and m.is_req("INVITE"))
        if invite:
            self.require(invite.callid != transferred, "bob calls carol in a new call")
        self.require(len({m.callid for m in self.msgs}) == 2, "two Call-IDs: the transferred call and the new one")
        bye = self.find(lambda m: m.src == "alice" and m.is_req("BYE"))
        ok = self.find(lambda m: m.src == "alice" and m.is_resp(200, "NOTIFY") and m.cseq == notifies[-1].cseq)
        if bye and ok:
            self.notes.append(f"alice's BYE (frame {bye.frame}) {(bye.time - ok.time) * 1000:.3f} ms after her "
                              f"200 to the final NOTIFY (frame {ok.frame})")

    def check_presence(self):
        """A presence subscription (RFC 6665, RFC 3856): SUBSCRIBE, 200,
        NOTIFY active; refreshes; SUBSCRIBE Expires: 0, 200, NOTIFY
        terminated; alice's PUBLISHes and the NOTIFYs they cause."""
        subs = self.all(lambda m: m.src == "bob" and m.is_req("SUBSCRIBE"))
        if not self.require(len(subs) >= 3, f"bob subscribes, refreshes and unsubscribes (got {len(subs)} SUBSCRIBEs)"):
            return
        dialog = subs[0].callid
        in_dialog = [m for m in self.msgs if m.callid == dialog]
        self.require(all(m.src == "bob" and m.dst == "presence" or m.src == "presence" and m.dst == "bob"
                         for m in in_dialog), "the subscription is between bob and the server")
        self.require(not subs[0].ttag and all(m.ttag for m in subs[1:]), "one initial SUBSCRIBE, then in-dialog ones")
        self.require(all(m.header("Event") == "presence" for m in subs), "Event: presence")
        expires = [int(m.header("Expires") or -1) for m in subs]
        self.require(all(e > 0 for e in expires[:-1]) and expires[-1] == 0,
                     f"refreshes ask for a duration, the last SUBSCRIBE for 0 (got {expires})")
        steps = []
        for _ in subs:
            steps += [("bob", "presence", "SUBSCRIBE"), ("presence", "bob", "200 SUBSCRIBE"),
                      ("presence", "bob", "NOTIFY"), ("bob", "presence", "200 NOTIFY")]
        self.sequence(steps)
        states = [(m.frame, m.header("Subscription-State") or "") for m in in_dialog if m.is_req("NOTIFY")]
        self.require(all(s.startswith("active") for _, s in states[:-1]) and states[-1][1].startswith("terminated"),
                     f"NOTIFYs active, the last terminated (got {states})")
        first_ok = self.find(lambda m: m.is_resp(200, "SUBSCRIBE"))
        granted = first_ok.header("Expires") if first_ok else None
        refresh = subs[1]
        self.notes.append(f"SUBSCRIBE Expires {expires[0]}, granted {granted}; refreshed {len(subs) - 2} time(s), "
                          f"first {refresh.time - first_ok.time:.3f} s after the 200; "
                          f"NOTIFY states: {', '.join(s for _, s in states)}")
        # alice's status change reaches bob.
        publishes = self.all(lambda m: m.src == "alice" and m.is_req("PUBLISH"))
        opened = next((m for m in publishes if "<basic>open</basic>" in m.body()), None)
        if self.require(opened, "alice PUBLISHes an open status"):
            told = self.find(lambda m: m.is_req("NOTIFY") and m.callid == dialog and
                             "<basic>open</basic>" in m.body(), opened.frame)
            self.require(told, "a NOTIFY tells bob that alice is open")
        self.require(all(self.find(lambda m, p=p: m.is_resp(200, "PUBLISH") and m.cseq == p.cseq) for p in publishes),
                     "the server answers each PUBLISH with 200")


def flow(pcap):
    """The capture as a frame list for captures/real/README.md."""
    out = subprocess.run(["tshark", "-r", pcap, "-T", "fields", "-E", "separator=\t", "-E", "occurrence=f",
                          "-e", "frame.number", "-e", "frame.time_relative", "-e", "ip.src", "-e", "ip.dst",
                          "-e", "sip.Request-Line", "-e", "sip.Status-Line", "-e", "sip.CSeq", "-e", "sip.to.tag"],
                         check=True, capture_output=True, text=True, timeout=60).stdout
    rows = []
    for line in out.splitlines():
        number, t, src, dst, request, status, cseq, totag = line.split("\t")
        message = request.replace(" SIP/2.0", "") if request else status.replace("SIP/2.0 ", "")
        rows.append((number, f"{float(t):.6f}", NAMES.get(src, src), NAMES.get(dst, dst), message, cseq, totag))
    width = max([len(r[4]) for r in rows] + [7])
    host = max([len(r[2]) for r in rows] + [len(r[3]) for r in rows] + [5])
    cseq_width = max([len(r[5]) for r in rows] + [13])
    print(f"{'no':>3}  {'time (s)':>9}  {'from':<{host}} -> {'to':<{host}}  {'message':<{width}}  "
          f"{'CSeq':<{cseq_width}}  To tag")
    for number, t, src, dst, message, cseq, totag in rows:
        print(f"{number:>3}  {t:>9}  {src:<{host}} -> {dst:<{host}}  {message:<{width}}  "
              f"{cseq:<{cseq_width}}  {totag}".rstrip())


def main(argv):
    if len(argv) >= 2 and argv[0] == "run" and argv[1] in SCENARIOS:
        pids = dict(arg.split("=", 1) for arg in argv[2:])
        lab = Lab({name: int(pid) for name, pid in pids.items()})
        log(f"scenario {argv[1]}")
        SCENARIOS[argv[1]](lab)
        log("scenario done")
        return 0
    if len(argv) == 3 and argv[0] == "check" and argv[1] in SCENARIOS:
        checker = Checker(argv[1], argv[2])
        failures = checker.check()
        for note in checker.notes:
            print(f"  {argv[1]}: {note}")
        for failure in failures:
            print(f"  {argv[1]}: FAILED: {failure}")
        if not failures:
            print(f"  {argv[1]}: capture checked: {len(checker.msgs)} SIP messages, as expected")
        return 1 if failures else 0
    if len(argv) == 2 and argv[0] == "flow":
        flow(argv[1])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except LabError as e:
        log(f"error: {e}")
        sys.exit(1)
