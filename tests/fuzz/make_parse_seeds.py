#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write fuzz_parse's seed corpus: the first SIP messages of each bundled
capture, separated by form feeds (see fuzz_parse.c).

    make_parse_seeds.py DIR
"""
import glob
import os
import struct
import sys

MESSAGES = 8   # of each capture: small seeds keep the fuzzer fast

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def payloads(path):
    """UDP and TCP payloads of an Ethernet/IPv4 or IPv6 pcap, in order."""
    with open(path, "rb") as f:
        data = f.read()
    at = 24
    while at + 16 <= len(data):
        length = struct.unpack("<I", data[at + 8:at + 12])[0]
        frame = data[at + 16:at + 16 + length]
        at += 16 + length
        ethertype = struct.unpack("!H", frame[12:14])[0]
        if ethertype == 0x0800:
            ip = frame[14:]
            proto, header = ip[9], (ip[0] & 0x0F) * 4
        elif ethertype == 0x86DD:
            ip = frame[14:]
            proto, header = ip[6], 40
        else:
            continue
        segment = ip[header:]
        if proto == 17:
            payload = segment[8:]
        elif proto == 6:
            payload = segment[(segment[12] >> 4) * 4:]
        else:
            continue
        if payload:
            yield payload


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    for path in sorted(glob.glob(os.path.join(ROOT, "captures", "*.pcap"))):
        messages = list(payloads(path))[:MESSAGES]
        if messages:
            name = os.path.splitext(os.path.basename(path))[0]
            with open(os.path.join(sys.argv[1], name), "wb") as f:
                f.write(b"\f".join(messages))


if __name__ == "__main__":
    main()
