# SPDX-License-Identifier: GPL-2.0-or-later
"""Every scenario capture in tshark: exactly the findings the scenario states,
on exactly its messages, in single-pass and two-pass mode, and the label
they give each frame in the Info column.

Each tests/scenarios/NAME.scn is checked against captures/NAME.pcap, which
must be what scn2pcap.py makes of it.
"""

import glob
import io
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenario"))
import wstest  # noqa: E402
from scenario import Scenario, write_pcap  # noqa: E402

SCENARIOS = sorted(glob.glob(os.path.join(wstest.SOURCE_DIR, "tests", "scenarios", "*.scn")))


def describe(frame_no, index, findings):
    return f"frame {frame_no} message {index + 1}: {sorted(findings) or 'no finding'}"


SEVERITY_RANK = {"Chat": 0, "Note": 1, "Warning": 2, "Error": 3}


def expected_label(table, findings, retransmission):
    """The label of a frame: its most severe finding (the first in the table
    among equals), else the retransmission label, else none."""
    ranked = [name for name in table if name in findings]
    if ranked:
        best = max(ranked, key=lambda name: SEVERITY_RANK[table[name].severity])   # max keeps the first
        return [table[best].label]
    return [wstest.RETRANSMISSION_LABEL] if retransmission else []


class ScenarioTest(unittest.TestCase):
    maxDiff = None

    def check_scenario(self, path):
        name = os.path.basename(path)[:-4]
        scenario = Scenario(path)
        pcap = os.path.join(wstest.SOURCE_DIR, "captures", name + ".pcap")
        generated = io.BytesIO()
        write_pcap(scenario, generated)
        with open(pcap, "rb") as f:
            self.assertEqual(f.read(), generated.getvalue(),
                             f"captures/{name}.pcap is not what tests/scenario/scn2pcap.py makes of {path}")

        ts = wstest.tshark()
        staged = ts.stage(pcap)
        table = wstest.findings_table()
        for two_pass in (False, True):
            mode = "two-pass" if two_pass else "single-pass"
            wanted = [[m.findings | (m.final_findings if two_pass else set()) for m in fr.messages]
                      for fr in scenario.frames]
            expected = [describe(i + 1, j, f) for i, fr in enumerate(wanted) for j, f in enumerate(fr)]
            expected_counts = {}
            for f in (f for fr in wanted for findings in fr for f in findings):
                self.assertIn(f, table, f"{path}: unknown finding {f}")
                summary = f"{table[f][2]} ({table[f][3]})"
                expected_counts[summary] = expected_counts.get(summary, 0) + 1
            frames = ts.messages(staged, two_pass)
            self.assertEqual(len(frames), len(scenario.frames), f"{name} ({mode}): frame count")
            actual = []
            for i, (fr, got) in enumerate(zip(scenario.frames, frames)):
                self.assertEqual(len(got), len(fr.messages),
                                 f"{name} ({mode}) frame {i + 1}: one sipdialog subtree per SIP message")
                for j, (want, msg) in enumerate(zip(fr.messages, got)):
                    actual.append(describe(i + 1, j, msg.findings))
                    for f, severity in msg.findings.items():
                        self.assertEqual(severity, table[f][0], f"{name}: severity of {f}")
                    checks = dict(want.checks, **(want.final_checks if two_pass else {}))
                    for field, value in checks.items():
                        self.assertEqual(msg.fields.get(field), value or None,
                                         f"{name} ({mode}) frame {i + 1} message {j + 1}: sipdialog.{field}")
            self.assertEqual(actual, expected, f"{name} ({mode}): findings per message")
            self.assertEqual(ts.expert_counts(staged, two_pass), expected_counts, f"{name} ({mode}): -z expert")
            labels = [expected_label(table, set().union(*fr_findings), any(m.retransmission for m in fr.messages))
                      for fr_findings, fr in zip(wanted, scenario.frames)]
            self.assertEqual(describe_labels(ts.info_labels(staged, two_pass)), describe_labels(labels),
                             f"{name} ({mode}): Info column labels")


def describe_labels(per_frame):
    return [f"frame {i + 1}: {labels}" for i, labels in enumerate(per_frame)]


def add_tests():
    for path in SCENARIOS:
        name = "test_" + os.path.basename(path)[:-4].replace("-", "_")
        setattr(ScenarioTest, name, lambda self, p=path: self.check_scenario(p))


add_tests()

if __name__ == "__main__":
    unittest.main()
