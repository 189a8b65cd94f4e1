#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile scale in tshark: captures generated here (not committed), each read
by tshark with the plugin at a quarter, half and all of its size.  Growth is
judged on figures that do not depend on how busy the machine is, above those
of tshark on an empty capture:

- instructions, counted by valgrind's cachegrind: tshark's and the plugin's
  own (those of its source files), at sizes that keep valgrind's runs short;
- peak memory (ru_maxrss), natively, at sizes where the plugin's memory is
  well above the few hundred KiB by which tshark's own varies.

The run fails if 2x the messages cost more than 2.45x or 4x more than 6x
(n^1.29; quadratic growth costs 4x and 16x), or if tshark fails, hits a
dissector bug, or misses what the patterns must show.  CPU time is printed,
for information only: at these sizes a tenth of a second of start-up or
scheduling noise is a factor.

    scale_tshark.py           the sizes of the test suite
    scale_tshark.py --full    the sizes of the robustness issue (at least), for
                              both figures: 1,000,000 Call-IDs, 200,000 requests
                              in one dialog, 10,000 To tags, 1,000 calls with
                              64 KiB Call-IDs and tags (most of an hour)

Run through ctest (it needs the environment of the integration tests).
"""

import os
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))
import wstest  # noqa: E402

# What 1x, 2x and 4x the messages may cost, relative to 1x: n^1.29.
MAX_GROWTH = (1.0, 2.45, 6.0)
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
    # name, generator, size whose instructions are counted, size whose memory is
    # measured (in the test suite), size of the issue (--full: both)
    ("distinct Call-IDs", distinct_call_ids, 8000, 40000, 1000000),
    ("requests in one dialog", one_long_dialog, 8000, 40000, 200000),
    ("To tags on one INVITE", many_to_tags, 2000, 24000, 10000),
    ("64 KiB Call-IDs and tags", long_strings, 16, 40, 1000),
]

# CSeq numbers at the edges: 0 and 2^31-1 are valid, 2^31 and above are not
# (RFC 3261 §8.1.1.5); a number above 2^32-1 is read as 2^32-1.
CSEQ_EDGES = [(0, False), (2**31 - 1, False), (2**31, True), (2**32 - 1, True), (2**32, True), (10**30, True)]


def cseq_edges(pcap):
    for i, (cseq, _) in enumerate(CSEQ_EDGES):
        pcap.udp(CALLER, CALLEE, request("OPTIONS", cseq, f"edge-{i}", "a", None, f"e{i}"))


# -- running tshark ----------------------------------------------------------------

def tshark_args(pcap):
    return ["tshark", "-r", pcap, "-q", "-z", "expert"]


def check_exit(pcap, exitcode, out, err):
    if exitcode != 0 or b"Dissector bug" in out + err:
        raise AssertionError(f"tshark on {pcap} failed ({exitcode}):\n{err.decode(errors='replace')}")


def measure(ts, pcap):
    """Peak RSS (MiB) and CPU seconds of tshark on `pcap`."""
    proc = subprocess.Popen(ts.prefix + tshark_args(pcap), env=ts.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    check_exit(pcap, os.waitstatus_to_exitcode(status), out, err)
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def count(ts, pcap, scratch):
    """Instructions of the same run under cachegrind: tshark's, and the plugin's
    own (those its debug information places in its source files)."""
    profile = os.path.join(scratch, "cachegrind.out")
    proc = subprocess.run(ts.prefix + ["valgrind", "--tool=cachegrind", "--cache-sim=no",
                                       f"--cachegrind-out-file={profile}"] + tshark_args(pcap),
                          env=ts.env, capture_output=True)
    check_exit(pcap, proc.returncode, proc.stdout, proc.stderr)
    ours = ("/plugin/core/", "/plugin/wireshark/", "/include/sipdialog/")
    total = plugin = 0
    counting = False
    with open(profile) as f:
        for line in f:
            if line.startswith("fl="):
                counting = any(d in line for d in ours)
            elif line.startswith("summary:"):
                total = int(line.split()[1])
            elif counting and line[0].isdigit():
                plugin += int(line.split()[1])
    os.remove(profile)
    if total == 0 or plugin == 0:
        raise AssertionError(f"cachegrind counted {total} instructions, {plugin} in the plugin's source files: "
                             "is it built with debug information (RelWithDebInfo, the default)?")
    return total, plugin


class Growth:
    """One figure of one pattern: its values at 1x, 2x, 4x, above an empty capture's."""

    def __init__(self, empty, floor):
        self.empty, self.floor, self.values = empty, floor, []

    def add(self, value):
        self.values.append(value)
        return (value - self.empty) / max(self.values[0] - self.empty, self.floor)


def main():
    full = "--full" in sys.argv[1:]
    ts = wstest.tshark()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind counts the instructions: tools/deps.sh test installs it")
    work = tempfile.mkdtemp(prefix="scale-", dir=os.path.join(ts.root, "captures"))
    os.chmod(work, 0o755)
    # cachegrind's profiles, written by the unprivileged tshark
    scratch = tempfile.mkdtemp(prefix="cachegrind-", dir=ts.root)
    os.chmod(scratch, 0o777)

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

    empty, _ = capture("empty", lambda pcap: None)
    empty_total, empty_plugin = count(ts, empty, scratch)
    empty_rss, empty_cpu = measure(ts, empty)

    def judge(growths, k):
        if any(g > MAX_GROWTH[k] for g in growths):
            print(f"  ^ grows faster than the messages (at most {MAX_GROWTH[k]:.2f}x)")
            return False
        return True

    print("\nInstructions (cachegrind), above tshark's on an empty capture")
    print(f"{'pattern':26} {'messages':>9} {'tshark':>14} {'growth':>7} {'plugin':>14} {'growth':>7}")
    print(f"{'(an empty capture)':26} {0:9} {empty_total:14} {'':>7} {empty_plugin:14}")
    for name, fill, size, _, full_size in PATTERNS:
        unit = (max(size, full_size) if full else size) // 4
        total, plugin = Growth(empty_total, 1), Growth(empty_plugin, 1)
        for k in range(3):
            path, messages = capture(f"{fill.__name__}-{k}", lambda pcap: fill(pcap, unit << k))
            t, p = count(ts, path, scratch)
            os.remove(path)
            growths = (total.add(t), plugin.add(p))
            print(f"{name if k == 0 else '':26} {messages:9} {t:14} {growths[0]:6.2f}x {p:14} {growths[1]:6.2f}x")
            if not judge(growths, k):
                ok = False
                break

    print("\nPeak memory, above tshark's on an empty capture; CPU time for information only")
    print(f"{'pattern':26} {'messages':>9} {'rss MiB':>8} {'growth':>7} {'cpu s':>7}")
    print(f"{'(an empty capture)':26} {0:9} {empty_rss:8.1f} {'':>7} {empty_cpu:7.2f}")
    for name, fill, _, size, full_size in PATTERNS:
        unit = (max(size, full_size) if full else size) // 4
        rss = Growth(empty_rss, 0.1)
        for k in range(3):
            path, messages = capture(f"{fill.__name__}-{k}", lambda pcap: fill(pcap, unit << k))
            r, cpu = measure(ts, path)
            os.remove(path)
            growth = rss.add(r)
            print(f"{name if k == 0 else '':26} {messages:9} {r:8.1f} {growth:6.2f}x {cpu:7.2f}")
            if not judge([growth], k):
                ok = False
                break
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
