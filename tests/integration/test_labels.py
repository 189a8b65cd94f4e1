# SPDX-License-Identifier: GPL-2.0-or-later
"""The Info column labels beyond the scenarios (test_scenarios checks each
scenario frame's label): the flow graph, the preferences that govern them."""

import os
import re
import unittest

import wstest


def capture(name):
    return wstest.tshark().stage(os.path.join(wstest.SOURCE_DIR, "captures", name + ".pcap"))


def flow_comments(pcap, two_pass=True, prefs=()):
    """-z flow,any,standard: the comment of each arrow (the frame's protocol
    and Info column), in time order."""
    args = ["-r", pcap, "-q", "-z", "flow,any,standard"] + (["-2"] if two_pass else [])
    for p in prefs:
        args += ["-o", p]
    comments = []
    for line in wstest.tshark().run(args).splitlines():
        m = re.match(r"\|\d+\.\d+ *\|.*\|(\S+: .*)$", line)
        if m:
            comments.append(m.group(1).strip())
    return comments


class FlowGraphTest(unittest.TestCase):
    maxDiff = None

    def test_all_flows_show_the_labels(self):
        # Statistics › Flow Graph, "All Flows": the 2xx nobody ACKed, its
        # retransmissions, then the BYE and its 200 unlabelled.
        comments = flow_comments(capture("ack-missing-32s"))
        self.assertEqual(len(comments), 17)
        self.assertEqual([wstest.labels_of(c.split(": ", 1)[1]) for c in comments],
                         [[], [], [], ["2xx not ACKed"]] + [[wstest.RETRANSMISSION_LABEL]] * 11 + [[], []])
        self.assertTrue(comments[3].startswith("SIP/SDP: [2xx not ACKed] Status: 200 OK"), comments[3])

    def test_single_pass_knows_only_the_past(self):
        comments = flow_comments(capture("ack-missing-32s"), two_pass=False)
        self.assertEqual(wstest.labels_of(comments[3].split(": ", 1)[1]), [])
        self.assertEqual(wstest.labels_of(comments[4].split(": ", 1)[1]), [wstest.RETRANSMISSION_LABEL])


class LabelPreferencesTest(unittest.TestCase):
    def test_labels_can_be_turned_off(self):
        pcap = capture("ack-missing-32s")
        on = wstest.tshark().info_labels(pcap, two_pass=True)
        off = wstest.tshark().info_labels(pcap, two_pass=True, prefs=["sipdialog.info_labels:FALSE"])
        self.assertEqual(on[3], ["2xx not ACKed"])
        self.assertEqual(off, [[]] * len(on))
        self.assertEqual(flow_comments(pcap, prefs=["sipdialog.info_labels:FALSE"])[3],
                         "SIP/SDP: Status: 200 OK (INVITE) |")

    def test_chat_labels_follow_show_chat(self):
        chat = {f.label for f in wstest.findings_table().values() if f.severity == "Chat"}
        for name in ("rfc3665-two-proxies-407", "fork-three-early-at-caller"):
            pcap = capture(name)
            shown = wstest.tshark().info_labels(pcap, two_pass=True)
            hidden = wstest.tshark().info_labels(pcap, two_pass=True, prefs=["sipdialog.show_chat:FALSE"])
            self.assertTrue(any(labels and labels[0] in chat for labels in shown), f"{name}: {shown}")
            self.assertEqual(hidden, [[] if labels and labels[0] in chat else labels for labels in shown], name)

    def test_preference_is_registered(self):
        self.assertIn("#sipdialog.info_labels: TRUE", wstest.tshark().run(["-G", "defaultprefs"]))


if __name__ == "__main__":
    unittest.main()
