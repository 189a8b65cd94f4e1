# SPDX-License-Identifier: GPL-2.0-or-later
"""Captures nobody on this project wrote: the public corpus (../shared/corpus,
or $SIPDIALOG_CORPUS) and the real-stack captures (captures/real).  The
findings on every one, in two-pass mode, must be exactly those of the
reviewed file tests/reviewed-findings.txt, where each Warning and Error is
explained in one line; a single pass may only say less.  No capture may
crash tshark or make the plugin hit a dissector bug.

    python3 test_corpus.py --dump    print the current findings in the file's format
"""

import glob
import os
import re
import sys
import unittest
import xml.etree.ElementTree as ET

import wstest

REVIEWED = os.path.join(wstest.SOURCE_DIR, "tests", "reviewed-findings.txt")
CAPTURE_MAGICS = (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d", b"\x0a\x0d\x0d\x0a")


def corpus_dir():
    path = os.environ.get("SIPDIALOG_CORPUS") or os.path.join(wstest.SOURCE_DIR, "..", "shared", "corpus")
    return os.path.abspath(path) if os.path.isdir(path) else None


def is_capture(path):
    if path.endswith((".pcap", ".pcapng", ".cap")):
        return True
    with open(path, "rb") as f:
        return f.read(4) in CAPTURE_MAGICS


def captures(include_scenarios=False):
    """name -> path: 'corpus DIR/FILE', 'real FILE' and, if asked, 'scenario FILE'."""
    found = {}
    if include_scenarios:
        for path in glob.glob(os.path.join(wstest.SOURCE_DIR, "captures", "*.pcap")):
            found["scenario " + os.path.basename(path)] = path
    corpus = corpus_dir()
    if corpus is not None:
        for dirpath, _, files in os.walk(corpus):
            for f in files:
                path = os.path.join(dirpath, f)
                if is_capture(path):
                    found["corpus " + os.path.relpath(path, corpus)] = path
    for path in glob.glob(os.path.join(wstest.SOURCE_DIR, "captures", "real", "*.pcap")):
        found["real " + os.path.basename(path)] = path
    return dict(sorted(found.items()))


def findings(path, two_pass):
    """finding -> sorted frame numbers, on the frames that have any."""
    ts = wstest.tshark()
    staged = ts.stage(path, "corpus-" + re.sub(r"[^\w.-]", "_", os.path.basename(path)))
    args = ["-r", staged, "-Y", "sipdialog.analysis.flags", "-T", "pdml"] + (["-2"] if two_pass else [])
    out = {}
    for packet in ET.fromstring(ts.run(args)).iter("packet"):
        number = int(next(f.get("show") for f in packet.iter("field") if f.get("name") == "frame.number"))
        for proto in packet.findall("proto"):
            if proto.get("name") == "sipdialog":
                for name in wstest.Message(proto).findings:
                    out.setdefault(name, []).append(number)
    return {k: sorted(set(v)) for k, v in out.items()}


def parse_reviewed(path=REVIEWED):
    """capture name -> finding -> (frames or count, explanation)."""
    reviewed, current = {}, None
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("== "):
                current = reviewed.setdefault(line[3:].strip(), {})
                continue
            m = re.match(r"^([\dx ]+?)\s+([a-z0-9_.]+)\s*(?::\s*(.*))?$", line)
            if current is None or not m:
                raise ValueError(f"{path}:{lineno}: cannot read {line!r}")
            frames = m.group(1).split()
            spec = int(frames[0][1:]) if frames[0].startswith("x") else [int(x) for x in frames]
            current[m.group(2)] = (spec, m.group(3) or "")
    return reviewed


def matches(spec, frames):
    return len(frames) == spec if isinstance(spec, int) else sorted(spec) == frames


class CorpusTest(unittest.TestCase):
    maxDiff = None

    def check_capture(self, name, path, reviewed, table):
        full = findings(path, two_pass=True)
        expected = reviewed.get(name, {})
        for finding, (spec, why) in expected.items():
            self.assertIn(finding, table, f"{name}: unknown finding {finding}")
            if table[finding][0] in ("Warning", "Error"):
                self.assertTrue(why, f"{name}: {finding} is a {table[finding][0]}: say why it is right")
        self.assertEqual(sorted(full), sorted(expected), f"{name}: the kinds of findings")
        for finding, frames in full.items():
            self.assertTrue(matches(expected[finding][0], frames), f"{name}: {finding} on frames {frames}")
        # A single pass knows less, never more.
        for finding, frames in findings(path, two_pass=False).items():
            self.assertLessEqual(set(frames), set(full.get(finding, [])), f"{name} (single pass): {finding}")

    def test_corpus(self):
        if corpus_dir() is None:
            self.skipTest("no public corpus: set SIPDIALOG_CORPUS or provide ../shared/corpus")
        self.check_all("corpus ")

    def test_real_stack_captures(self):
        self.check_all("real ")

    def check_all(self, prefix):
        reviewed = parse_reviewed()
        table = wstest.findings_table()
        paths = {n: p for n, p in captures().items() if n.startswith(prefix)}
        self.assertTrue(paths, f"no {prefix.strip()} capture found")
        for name, path in paths.items():
            with self.subTest(capture=name):
                self.check_capture(name, path, reviewed, table)
        names = paths
        stale = [n for n in reviewed if n.startswith(prefix) and n not in names]
        self.assertEqual(stale, [], f"{REVIEWED} lists captures that are gone")


def dump():
    """The current two-pass findings, in the reviewed file's format."""
    reviewed = parse_reviewed() if os.path.exists(REVIEWED) else {}
    for name, path in captures().items():
        got = findings(path, two_pass=True)
        if not got:
            continue
        print(f"== {name}")
        for finding, frames in sorted(got.items(), key=lambda kv: kv[1][0]):
            why = reviewed.get(name, {}).get(finding, (None, ""))[1]
            shown = " ".join(map(str, frames)) if len(frames) <= 12 else f"x{len(frames)}"
            print(f"{shown}  {finding}" + (f" : {why}" if why else ""))
        print()


if __name__ == "__main__":
    if sys.argv[1:] == ["--dump"]:
        dump()
    else:
        unittest.main()
