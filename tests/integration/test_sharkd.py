# SPDX-License-Identifier: GPL-2.0-or-later
"""sharkd, the engine behind web front-ends, with the plugin: what a web user
sees of a capture (the packet list, a packet's tree, the expert information,
the flow graph and both statistics tables).  sharkd reads the whole capture
before it answers, as the GUI does, so look-ahead findings are there."""

import os
import unittest

import wstest

ACK_MISSING = "ack-missing-32s"


def capture(name):
    return wstest.tshark().stage(os.path.join(wstest.SOURCE_DIR, "captures", name + ".pcap"))


def subtree(tree, filter_name):
    """The first node of a sharkd tree whose filter is `filter_name` or starts with it."""
    for node in tree:
        if node.get("f", "").split(" ")[0] == filter_name:
            return node
        found = subtree(node.get("n", []), filter_name)
        if found:
            return found
    return None


class SharkdTest(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        table = wstest.findings_table()
        cls.ack_missing_text = f"{table['ack.missing'].summary} ({table['ack.missing'].rfc})"
        cls.info, _, cls.frames, cls.frame4, cls.taps = wstest.tshark().sharkd([
            ("info", None),
            ("load", {"file": capture(ACK_MISSING)}),
            ("frames", None),
            ("frame", {"frame": 4, "proto": True}),
            ("tap", {"tap0": "expert", "tap1": "nstat:sipdialog,stat", "tap2": "nstat:sipdialog,dialogs",
                     "tap3": "seqa:any"}),
        ])
        cls.tap = {t["tap"]: t for t in cls.taps["taps"]}

    def test_statistics_tables_are_offered(self):
        offered = {entry["tap"]: entry["name"] for entry in self.info["nstat"]}
        self.assertEqual(offered.get("nstat:sipdialog,stat"), "SIP Dialog Findings")
        self.assertEqual(offered.get("nstat:sipdialog,dialogs"), "SIP Dialogs")

    def test_packet_list_shows_the_labels(self):
        labels = [wstest.labels_of(frame["c"][-1]) for frame in self.frames]
        self.assertEqual(labels, [[], [], [], ["2xx not ACKed"]] + [[wstest.RETRANSMISSION_LABEL]] * 11 + [[], []])

    def test_packet_tree_has_the_subtree_and_its_finding(self):
        top = subtree(self.frame4["tree"], "sipdialog")
        self.assertIsNotNone(top, "no sipdialog subtree in frame 4")
        self.assertEqual(top["l"], "SIP Dialog Analysis: call 0, dialog 0 (callee)")
        self.assertEqual(top.get("s"), "Error")
        children = top["n"]
        for wanted in ("sipdialog.request_in == 1", "sipdialog.retransmissions == 11",
                       "sipdialog.last_retransmission_in == 15", "sipdialog.bye_in == 16"):
            self.assertIn(wanted, [n.get("f") for n in children])
        finding = subtree(children, "sipdialog.ack.missing")
        self.assertIsNotNone(finding, "no sipdialog.ack.missing under the subtree")
        self.assertEqual(finding["l"], self.ack_missing_text)

    def test_expert_information(self):
        entries = [(e["f"], e["s"], e["g"], e["m"]) for e in self.tap["expert"]["details"] if e["p"] == "SIPDIALOG"]
        self.assertEqual(entries, [(4, "Error", "Sequence", self.ack_missing_text)])

    def test_findings_table(self):
        tables = {t["t"]: t["i"] for t in self.tap["nstat:sipdialog,stat"]["tables"]}
        counts = {row[0]: row[3] for row in tables["Findings"]}
        self.assertEqual(set(counts), set(wstest.findings_table()), "one row per finding")
        self.assertEqual({name: n for name, n in counts.items() if n}, {"ack.missing": 1})
        totals = {row[0]: row[3] for row in tables["Totals"]}
        self.assertEqual((totals["Dialogs"], totals["Dialogs whose 2xx was never ACKed"]), (1, 1))

    def test_dialogs_table(self):
        columns = [f["c"] for f in self.tap["nstat:sipdialog,dialogs"]["fields"]]
        rows = [dict(zip(columns, row)) for t in self.tap["nstat:sipdialog,dialogs"]["tables"] for row in t["i"]]
        self.assertEqual([(r["Call-ID"], r["State"], r["Setup (s)"], r["Duration (s)"], r["Errors"], r["First frame"])
                          for r in rows], [("c-ack-missing-32s@example.test", "ended, never ACKed", "2.000", "32.100",
                                            1, 1)])

    def test_flow_graph_shows_the_labels(self):
        comments = [flow["c"] for flow in self.tap["seqa:any"]["flows"]]
        self.assertEqual(len(comments), 17)
        self.assertTrue(comments[3].startswith("SIP/SDP: [2xx not ACKed] Status: 200 OK"), comments[3])


if __name__ == "__main__":
    unittest.main()
