#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile scale in tshark: captures generated here (not committed), each read
by tshark with the plugin at a quarter, half and all of its size.  Time and
memory must grow with the messages, not with their product: the run fails if
4x the messages cost more than 6x the CPU time or memory above tshark's own
start-up, or if tshark fails, hits a dissector bug, or misses what the
patterns must show.

    scale_tshark.py           the sizes of the test suite
    scale_tshark.py --full    the sizes of the robustness issue: 1,000,000
                              Call-IDs, 200,000 requests in one dialog, 10,000
                              To tags, 1,000 calls with 64 KiB Call-IDs and tags

Run through ctest (it needs the environment of the integration tests).
"""

import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import wstest  # noqa: E402

MAX_GROWTH = 6.0
CALLER = ("10.0.0.1", 5060)
CALLEE = ("10.0.0.2", 5060)
MSS = 1460


# -- a pcap of SIP messages over UDP or TCP ---------------------------------------

def ip(addr):
    return bytes(int(x) for x in addr.split("."))


def ipv4(src, dst, proto, payload):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0, ip(src), ip(dst))
    return b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00" + header + payload


class Pcap:
    def __init__(self, path):
        self.f = open(path, "wb")
        self.f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        self.usec = 1_767_225_600 * 1_000_000
        self.tcp_seq = {}
        self.messages = 0

    def frame(self, packet, step_us):
        self.usec += step_us
        self.f.write(struct.pack("<IIII", self.usec // 1_000_000, self.usec % 1_000_000, len(packet), len(packet)))
        self.f.write(packet)

    def udp(self, src, dst, text, step_us=1000):
        self.messages += 1
        self.frame(ipv4(src[0], dst[0], 17, struct.pack("!HHHH", src[1], dst[1], 8 + len(text), 0) + text), step_us)

    def tcp(self, src, dst, text, step_us=1000):
        """One message in as many segments as it takes (the SIP dissector reassembles them)."""
        self.messages += 1
        key = (src, dst)
        for at in range(0, len(text), MSS):
            chunk = text[at:at + MSS]
            seq = self.tcp_seq.get(key, 1000)
            self.tcp_seq[key] = seq + len(chunk)
            ack = self.tcp_seq.get((dst, src), 1000)
            segment = struct.pack("!HHIIBBHHH", src[1], dst[1], seq, ack, 5 << 4, 0x18, 65535, 0, 0) + chunk
            self.frame(ipv4(src[0], dst[0], 6, segment), step_us if at == 0 else 1)

    def close(self):
        self.f.close()


def request(method, cseq, call_id, from_tag, to_tag, branch, transport="UDP", cseq_method=None):
    to = "<sip:bob@example.test>" + (f";tag={to_tag}" if to_tag else "")
    return (f"{method} sip:bob@10.0.0.2 SIP/2.0\r\n"
            f"Via: SIP/2.0/{transport} 10.0.0.1:5060;branch=z9hG4bK{branch}\r\n"
            f"From: <sip:alice@example.test>;tag={from_tag}\r\nTo: {to}\r\n"
            f"Call-ID: {call_id}\r\nCSeq: {cseq} {cseq_method or method}\r\nContent-Length: 0\r\n\r\n").encode()


def response(status, cseq, method, call_id, from_tag, to_tag, branch, transport="UDP"):
    reason = {100: "Trying", 180: "Ringing", 200: "OK"}[status]
    to = "<sip:bob@example.test>" + (f";tag={to_tag}" if to_tag else "")
    return (f"SIP/2.0 {status} {reason}\r\n"
            f"Via: SIP/2.0/{transport} 10.0.0.1:5060;branch=z9hG4bK{branch}\r\n"
            f"From: <sip:alice@example.test>;tag={from_tag}\r\nTo: {to}\r\n"
            f"Call-ID: {call_id}\r\nCSeq: {cseq} {method}\r\nContent-Length: 0\r\n\r\n").encode()


# -- the patterns ------------------------------------------------------------------

def distinct_call_ids(pcap, n):
    for i in range(n):
        pcap.udp(CALLER, CALLEE, request("OPTIONS", 1, f"call-{i}", "a", None, i))
        pcap.udp(CALLEE, CALLER, response(200, 1, "OPTIONS", f"call-{i}", "a", "b", i))


def one_long_dialog(pcap, n):
    pcap.udp(CALLER, CALLEE, request("INVITE", 1, "long", "a", None, "i"))
    pcap.udp(CALLEE, CALLER, response(200, 1, "INVITE", "long", "a", "b", "i"))
    pcap.udp(CALLER, CALLEE, request("ACK", 1, "long", "a", "b", "ack"))
    for i in range(n):
        pcap.udp(CALLER, CALLEE, request("INFO", i + 2, "long", "a", "b", i))
        pcap.udp(CALLEE, CALLER, response(200, i + 2, "INFO", "long", "a", "b", i))


def many_to_tags(pcap, n):
    pcap.udp(CALLER, CALLEE, request("INVITE", 1, "forks", "a", None, "i"))
    for i in range(n):
        pcap.udp(CALLEE, CALLER, response(180, 1, "INVITE", "forks", "a", f"t{i}", "i"))
        pcap.udp(CALLEE, CALLER, response(200, 1, "INVITE", "forks", "a", f"t{i}", "i"))
        pcap.udp(CALLER, CALLEE, request("ACK", 1, "forks", "a", f"t{i}", f"ack{i}"))


def long_strings(pcap, n):
    """Call-IDs and tags of 64 KiB, over TCP (no UDP datagram holds them)."""
    for i in range(n):
        call_id = f"{i:015d}" + "c" * (65536 - 15)
        tag = "t" * 65536
        pcap.tcp(CALLER, CALLEE, request("INVITE", 1, call_id, tag, None, i, "TCP"))
        pcap.tcp(CALLEE, CALLER, response(200, 1, "INVITE", call_id, tag, tag, i, "TCP"))


PATTERNS = [
    # name, generator, size in the test suite, size of the issue
    ("distinct Call-IDs", distinct_call_ids, 40000, 1000000),
    ("requests in one dialog", one_long_dialog, 40000, 200000),
    ("To tags on one INVITE", many_to_tags, 6000, 10000),
    ("64 KiB Call-IDs and tags", long_strings, 40, 1000),
]

# CSeq numbers at the edges: 0 and 2^31-1 are valid, 2^31 and above are not
# (RFC 3261 §8.1.1.5); a number above 2^32-1 is read as 2^32-1.
CSEQ_EDGES = [(0, False), (2**31 - 1, False), (2**31, True), (2**32 - 1, True), (2**32, True), (10**30, True)]


def cseq_edges(pcap):
    for i, (cseq, _) in enumerate(CSEQ_EDGES):
        pcap.udp(CALLER, CALLEE, request("OPTIONS", cseq, f"edge-{i}", "a", None, f"e{i}"))


# -- running tshark ----------------------------------------------------------------

def run_measured(ts, pcap):
    """CPU seconds and peak RSS (MiB) of tshark -q -z expert on `pcap`."""
    proc = subprocess.Popen(ts.prefix + ["tshark", "-r", pcap, "-q", "-z", "expert"], env=ts.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or b"Dissector bug" in out + err:
        raise AssertionError(f"tshark on {pcap} failed ({status}):\n{err.decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    full = "--full" in sys.argv[1:]
    ts = wstest.tshark()
    work = tempfile.mkdtemp(prefix="scale-", dir=os.path.join(ts.root, "captures"))
    os.chmod(work, 0o755)

    def capture(name, fill):
        path = os.path.join(work, name + ".pcap")
        pcap = Pcap(path)
        fill(pcap)
        pcap.close()
        os.chmod(path, 0o644)
        return path, pcap.messages

    ok = True
    # What the edges must show, and that they show it.
    path, _ = capture("cseq-edges", cseq_edges)
    out = ts.run(["-r", path, "-T", "fields", "-e", "sip.CSeq.seq", "-e", "sipdialog.cseq.out_of_range"])
    flagged = [line.split("\t")[1] != "" for line in out.splitlines()]
    expected = [bad for _, bad in CSEQ_EDGES]
    print(f"CSeq edges {[c for c, _ in CSEQ_EDGES]}: out of range {flagged}")
    if flagged != expected:
        print(f"  ^ expected {expected}")
        ok = False

    base_cpu, base_rss = run_measured(ts, capture("empty", lambda pcap: None)[0])
    print(f"tshark alone: {base_cpu:.2f} s, {base_rss:.1f} MiB")
    print(f"{'pattern':26} {'messages':>9} {'cpu s':>7} {'rss MiB':>8} {'time growth':>12} {'memory growth':>14}")
    for name, fill, size, full_size in PATTERNS:
        unit = (full_size if full else size) // 4
        cpu, rss = [], []
        for k in range(3):
            path, messages = capture(f"{fill.__name__}-{k}", lambda pcap: fill(pcap, unit << k))
            c, r = run_measured(ts, path)
            os.remove(path)
            cpu.append(max(c - base_cpu, 0.01))
            rss.append(max(r - base_rss, 0.1))
            time_growth, memory_growth = cpu[k] / cpu[0], rss[k] / rss[0]
            print(f"{name if k == 0 else '':26} {messages:9} {c:7.2f} {r:8.1f} {time_growth:11.2f}x {memory_growth:13.2f}x")
            if k == 2 and (time_growth > MAX_GROWTH or memory_growth > MAX_GROWTH):
                print("  ^ grows faster than the messages")
                ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
