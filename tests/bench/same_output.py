#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Whether two builds of the plugin say exactly the same on every capture.

A change made for speed must not change a finding or a field: this runs
tshark with each build (unprivileged and checked as tests/integration does)
on the scenario captures, captures/real, the public corpus and, with
--bench-calls, a benchmark capture, single-pass and two-pass, and compares
the sipdialog subtree of every packet (PDML), the -z expert output and
both statistics tables.

    tests/bench/same_output.py OLD.so NEW.so
    tests/bench/same_output.py OLD.so NEW.so --bench-calls 3000 [CAPTURE...]

Exit status 1 if anything differs; the first differences are printed.
"""

import argparse
import glob
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

import wstest  # noqa: E402


def tshark_for(plugin):
    os.environ["SIPDIALOG_PLUGIN"] = os.path.abspath(plugin)
    os.environ.setdefault("SIPDIALOG_WIRESHARK_ABI", wireshark_abi())
    return wstest.Tshark()


def wireshark_abi():
    out = subprocess.run(["tshark", "--version"], capture_output=True, text=True, check=True).stdout
    version = out.split()[2]
    return ".".join(version.split(".")[:2])


def sipdialog_subtrees(ts, pcap, two_pass):
    """Per packet, the sipdialog subtrees as text."""
    out = ts.run(["-r", pcap, "-T", "pdml", "-J", "sipdialog"] + (["-2"] if two_pass else []))
    packets = []
    for packet in ET.fromstring(out).iter("packet"):
        packets.append([ET.tostring(p, encoding="unicode") for p in packet.findall("proto")
                        if p.get("name") == "sipdialog"])
    return packets


def tables(ts, pcap, two_pass):
    """The expert information and both statistics tables."""
    return "".join(ts.run(["-r", pcap, "-q", "-z", table] + (["-2"] if two_pass else []))
                   for table in ("expert", "sipdialog,stat", "sipdialog,dialogs"))


def captures(extra):
    import test_corpus
    found = sorted(glob.glob(os.path.join(ROOT, "captures", "*.pcap")))
    found += sorted(test_corpus.captures().values())   # corpus and captures/real
    return found + extra


def compare(name, old, new):
    if old == new:
        return True
    if isinstance(old, list):
        for i, (a, b) in enumerate(zip(old, new)):
            if a != b:
                print(f"DIFFERS {name}, packet {i + 1}:\n  old {a}\n  new {b}")
                break
        else:
            print(f"DIFFERS {name}: {len(old)} against {len(new)} packets")
    else:
        print(f"DIFFERS {name}:\n--- old\n{old}\n--- new\n{new}")
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("captures", nargs="*", help="more captures to compare on")
    parser.add_argument("--bench-calls", type=int, default=0, help="also a gen_bench.py capture of this many calls")
    args = parser.parse_args()

    old, new = tshark_for(args.old), tshark_for(args.new)
    extra = list(args.captures)
    if args.bench_calls:
        bench = os.path.join(tempfile.mkdtemp(prefix="sipdialog-same-"), "bench.pcap")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_bench.py"), "-o", bench, "--calls",
                        str(args.bench_calls)], check=True, stdout=subprocess.DEVNULL)
        extra.append(bench)
    same = True
    paths = captures(extra)
    for path in paths:
        staged_old, staged_new = old.stage(path, "c.pcap"), new.stage(path, "c.pcap")
        this = True
        for two_pass in (False, True):
            label = f"{os.path.relpath(path, ROOT)} ({'two-pass' if two_pass else 'single pass'})"
            this &= compare(label + " pdml", sipdialog_subtrees(old, staged_old, two_pass),
                            sipdialog_subtrees(new, staged_new, two_pass))
            this &= compare(label + " tables", tables(old, staged_old, two_pass), tables(new, staged_new, two_pass))
        print(f"{'same' if this else 'DIFFERENT'}: {os.path.relpath(path, ROOT)}", flush=True)
        same &= this
    print(f"{len(paths)} captures, single-pass and two-pass: {'the same' if same else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
