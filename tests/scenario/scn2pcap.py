#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Turn scenario descriptions (tests/scenarios/*.scn) into pcap files.

    scn2pcap.py SCENARIO.scn... -o DIR     write DIR/<name>.pcap for each
    scn2pcap.py --index SCENARIO.scn...    print the captures/README.md index
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scenario import Scenario, write_pcap  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenarios", nargs="+")
    ap.add_argument("-o", "--outdir")
    ap.add_argument("--index", action="store_true")
    args = ap.parse_args()
    scenarios = [Scenario(p) for p in sorted(args.scenarios)]
    if args.index:
        for s in scenarios:
            name = os.path.basename(s.path)[:-4]
            print(f"### `{name}.pcap`\n\n{s.title}.\n")
            if s.about:
                print(" ".join(s.about) + "\n")
        return
    if not args.outdir:
        ap.error("-o DIR is required")
    for s in scenarios:
        name = os.path.basename(s.path)[:-4]
        with open(os.path.join(args.outdir, name + ".pcap"), "wb") as out:
            write_pcap(s, out)


if __name__ == "__main__":
    main()
