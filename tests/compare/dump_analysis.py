#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Dump everything the plugin says about a set of captures, in a canonical
text form, so that two builds can be compared with diff: a refactoring or a
speed-up must not change one finding or one field.

    tests/compare/dump_analysis.py --plugin build/test/sipdialog.so -o /tmp/after
    tests/compare/dump_analysis.py --plugin /tmp/before.so -o /tmp/before
    diff -r /tmp/before /tmp/after

For each capture (captures/, captures/real/, the public corpus and any given
with --capture), single-pass and two-pass: every SIP message's sipdialog
fields and findings frame by frame, and the two statistics tables.
"""

import argparse
import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "integration"))


def default_captures():
    corpus = os.environ.get("SIPDIALOG_CORPUS", os.path.join(SOURCE_DIR, "..", "shared", "corpus"))
    paths = sorted(glob.glob(os.path.join(SOURCE_DIR, "captures", "*.pcap")))
    paths += sorted(glob.glob(os.path.join(SOURCE_DIR, "captures", "real", "*.pcap")))
    for ext in ("pcap", "pcapng", "cap"):
        paths += sorted(glob.glob(os.path.join(corpus, "**", f"*.{ext}"), recursive=True))
    return paths


def dump(ts, pcap, two_pass):
    lines = []
    for number, messages in enumerate(ts.messages(pcap, two_pass=two_pass), 1):
        for i, m in enumerate(messages):
            fields = " ".join(f"{k}={v}" for k, v in sorted(m.fields.items()))
            findings = " ".join(f"{k}:{v}" for k, v in sorted(m.findings.items()))
            lines.append(f"{number}.{i} {fields} | {findings}")
    mode = ["-2"] if two_pass else []
    for table in ("sipdialog,stat", "sipdialog,dialogs"):
        lines.append(f"== {table}")
        lines += ts.run(["-r", pcap, "-q", "-z", table] + mode).splitlines()
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plugin", required=True, help="the sipdialog.so to run")
    parser.add_argument("-o", "--output", required=True, help="folder for the dumps")
    parser.add_argument("--capture", action="append", default=[], help="another capture (repeatable)")
    parser.add_argument("--abi", default="4.0", help="the Wireshark major.minor the plugin is built for")
    args = parser.parse_args()
    os.environ["SIPDIALOG_PLUGIN"] = os.path.abspath(args.plugin)
    os.environ["SIPDIALOG_WIRESHARK_ABI"] = args.abi
    import wstest
    ts = wstest.tshark()
    os.makedirs(args.output, exist_ok=True)
    captures = default_captures() + args.capture
    for path in captures:
        staged = ts.stage(path, name=f"c{abs(hash(path))}-{os.path.basename(path)}")
        name = os.path.relpath(os.path.abspath(path), os.path.dirname(SOURCE_DIR)).replace("/", "_")
        for two_pass in (False, True):
            with open(os.path.join(args.output, f"{name}{'.2' if two_pass else ''}.txt"), "w") as f:
                f.write(dump(ts, staged, two_pass))
    print(f"{len(captures)} captures dumped to {args.output}")


if __name__ == "__main__":
    main()
