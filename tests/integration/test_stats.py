# SPDX-License-Identifier: GPL-2.0-or-later
"""The statistics tables (-z sipdialog,stat and -z sipdialog,dialogs) and the
preferences, on the bundled captures."""

import glob
import os
import re
import subprocess
import tempfile
import unittest

import wstest

CAPTURES = os.path.join(wstest.SOURCE_DIR, "captures")


def capture(name):
    return wstest.tshark().stage(os.path.join(CAPTURES, name + ".pcap"))


def stat_tables(out):
    """tshark's text rendering of a stat table: {table title: [row cells]}."""
    tables, current = {}, None
    for line in out.splitlines():
        if "|" not in line:
            if line.strip() and not line.startswith(("=", "Filter for statistics", "SIP Dialog")):
                current = tables.setdefault(line.strip(), [])
            continue
        cells = [c.strip() for c in line.split("|")[:-1]]
        if current is not None:
            current.append(cells)
    return tables


def run_table(name, pcap, two_pass=False, filter=None, prefs=()):
    arg = name if filter is None else f"{name},{filter}"
    args = ["-r", pcap, "-q", "-z", arg] + (["-2"] if two_pass else [])
    for p in prefs:
        args += ["-o", p]
    return stat_tables(wstest.tshark().run(args))


def findings_column(tables):
    return {row[0]: int(row[3]) for row in tables["Findings"]}


def totals(tables):
    return {row[0]: int(row[3]) for row in tables["Totals"]}


DIALOG_COLUMNS = ["call", "dialog", "call_id", "caller", "callee", "forks", "state", "setup", "duration",
                  "errors", "warnings", "notes", "chats", "first_frame",
                  "end", "end_by", "end_frame", "reason", "srd", "sdd", "sdt"]


def metrics(tables):
    """The RFC 6076 table: {metric abbreviation: (its text after the name, its count)}."""
    return {row[0].split(" ", 1)[0]: (row[0].split(": ", 1)[1], int(row[3])) for row in tables["RFC 6076 metrics"]}


def dialog_rows(tables):
    return [dict(zip(DIALOG_COLUMNS, row)) for row in tables.get("Dialogs", [])]


class StatTableTest(unittest.TestCase):
    maxDiff = None

    def test_subscriptions_by_event_and_end(self):
        def subscriptions(name, two_pass=False):
            tables = run_table("sipdialog,stat", capture(name), two_pass=two_pass)
            # A row stays, counting 0, once its subscriptions moved on (requested, then active...).
            return {row[0]: int(row[3]) for row in tables["Subscriptions"] if int(row[3]) > 0}
        self.assertEqual(subscriptions("subscription-presence"), {"presence: ended by NOTIFY (timeout)": 1})
        self.assertEqual(subscriptions("subscription-forked"), {"presence: not ended (active)": 2})
        self.assertEqual(subscriptions("refer-bye-before-final-notify"), {"refer: ended by NOTIFY (noresource)": 1})
        self.assertEqual(subscriptions("stats-four-calls"), {})

    def test_counts_agree_with_expert_info_on_every_capture(self):
        """Each row counts exactly the expert entries of its kind, in both modes."""
        summaries = {name: f"{f.summary} ({f.rfc})" for name, f in wstest.findings_table().items()}
        by_summary = {summary: name for name, summary in summaries.items()}
        self.assertEqual(len(by_summary), len(summaries), "two findings share an expert text")
        for path in sorted(glob.glob(os.path.join(CAPTURES, "*.pcap"))):
            pcap = wstest.tshark().stage(path)
            for two_pass in (False, True):
                with self.subTest(capture=os.path.basename(path), two_pass=two_pass):
                    expert = wstest.tshark().expert_counts(pcap, two_pass)
                    counts = findings_column(run_table("sipdialog,stat", pcap, two_pass))
                    self.assertEqual(set(counts), set(summaries), "one row per finding")
                    self.assertEqual({n: c for n, c in counts.items() if c},
                                     {by_summary[s]: c for s, c in expert.items()})

    def test_totals_of_a_forked_call(self):
        tables = run_table("sipdialog,stat", capture("fork-two-answer-at-caller"))
        self.assertEqual(totals(tables), {
            "Calls (Call-IDs)": 1, "Dialogs": 2, "Forked INVITEs (2 or more forks answered)": 1,
            "Dialogs confirmed": 2, "Dialogs failed": 0, "Dialogs whose 2xx was never ACKed": 0})

    def test_totals_count_a_dialog_never_acked_once_the_capture_is_read(self):
        pcap = capture("ack-missing-32s")
        for two_pass in (False, True):
            t = totals(run_table("sipdialog,stat", pcap, two_pass))
            self.assertEqual((t["Dialogs"], t["Dialogs whose 2xx was never ACKed"], t["Dialogs confirmed"]),
                             (1, 1, 0))

    def test_totals_of_failed_and_registration_calls(self):
        t = totals(run_table("sipdialog,stat", capture("rfc3665-busy")))
        self.assertEqual((t["Calls (Call-IDs)"], t["Dialogs"], t["Dialogs failed"], t["Dialogs confirmed"]),
                         (2, 1, 1, 0))   # and the OPTIONS of another Call-ID


class MetricsTableTest(unittest.TestCase):
    maxDiff = None

    def test_rfc6076_metrics_of_four_calls(self):
        """Each INVITE counts once (its forks together, its 407 retry with it); SDD and SDT per dialog."""
        for two_pass in (False, True):
            with self.subTest(two_pass=two_pass):
                m = metrics(run_table("sipdialog,stat", capture("stats-four-calls"), two_pass))
                self.assertEqual(m, {
                    "SER": ("100.0% (4 of 4)", 4),
                    "SEER": ("100.0% (4 of 4)", 4),
                    "ISA": ("0.0% (0 of 4)", 0),
                    "SCR": ("75.0% (3 of 4)", 3),   # the 2xx never ACKed is no completed session
                    "SRD": ("median 0.100 s, 95th percentile 0.980 s, max 0.980 s", 4),   # once per INVITE
                    "SDD": ("median 0.011 s, 95th percentile 0.020 s, max 0.020 s", 5),
                    "SDT": ("median 32.100 s, 95th percentile 38.999 s, max 38.999 s", 5),
                })

    def test_rfc6076_ratios_of_failures(self):
        busy = metrics(run_table("sipdialog,stat", capture("rfc3665-busy"), True))
        self.assertEqual((busy["SER"], busy["SEER"], busy["ISA"], busy["SCR"]),
                         (("0.0% (0 of 1)", 0), ("100.0% (1 of 1)", 1), ("0.0% (0 of 1)", 0), ("0.0% (0 of 1)", 0)))
        proxy = metrics(run_table("sipdialog,stat", capture("end-503-from-proxy"), True))
        self.assertEqual((proxy["SER"], proxy["ISA"], proxy["SDD"]),
                         (("0.0% (0 of 1)", 0), ("100.0% (1 of 1)", 1), ("-", 0)))


class DialogTableTest(unittest.TestCase):
    maxDiff = None

    def test_subscriptions_are_rows_of_their_dialog(self):
        rows = dialog_rows(run_table("sipdialog,dialogs", capture("subscription-forked")))
        self.assertEqual([(r["dialog"], r["state"], r["chats"], r["first_frame"]) for r in rows], [
            ("0", "confirmed", "0", "1"),
            ("0", "subscription presence: active", "0", "1"),
            ("1", "confirmed", "1", "6"),
            ("1", "subscription presence: active", "1", "9"),
        ])
        rows = dialog_rows(run_table("sipdialog,dialogs", capture("refer-blind-transfer")))
        self.assertEqual([(r["call"], r["dialog"], r["state"]) for r in rows], [
            ("0", "0", "terminated"),
            ("0", "0", "subscription refer: ended by NOTIFY (noresource)"),
            ("1", "1", "confirmed"),
        ])
        # The REFER (frame 7) comes after the consultation call began (frame
        # 4): its subscription's row is still under its own dialog's.
        rows = dialog_rows(run_table("sipdialog,dialogs", capture("refer-attended-transfer")))
        self.assertEqual([(r["dialog"], r["state"], r["first_frame"]) for r in rows], [
            ("0", "terminated", "1"),
            ("0", "subscription refer: ended by NOTIFY (noresource)", "7"),
            ("1", "terminated", "4"),
            ("2", "confirmed", "11"),
        ])

    def test_subscription_rows_follow_the_capture(self):
        pcap = capture("subscription-after-terminated")
        rows = dialog_rows(run_table("sipdialog,dialogs", pcap, two_pass=True))
        self.assertEqual([(r["state"], r["errors"], r["warnings"], r["notes"]) for r in rows], [
            ("confirmed", "0", "1", "2"),
            ("subscription presence: ended by NOTIFY (deactivated)", "0", "1", "2"),
        ])

    def test_forked_call_has_a_row_per_dialog(self):
        rows = dialog_rows(run_table("sipdialog,dialogs", capture("fork-two-answer-at-caller")))
        self.assertEqual(rows, [
            {"call": "0", "dialog": "0", "call_id": "c-fork-two-answer-at-caller@example.test",
             "caller": "sip:alice@example.test", "callee": "sip:bob@example.test", "forks": "2",
             "state": "terminated", "setup": "1.001", "duration": "48.999", "errors": "0", "warnings": "0",
             "notes": "0", "chats": "0", "first_frame": "1", "end": "answered, ended by BYE", "end_by": "caller",
             "end_frame": "11", "reason": "", "srd": "0.051", "sdd": "0.011", "sdt": "48.999"},
            {"call": "0", "dialog": "1", "call_id": "c-fork-two-answer-at-caller@example.test",
             "caller": "sip:alice@example.test", "callee": "sip:bob@example.test", "forks": "2",
             "state": "terminated", "setup": "1.005", "duration": "0.025", "errors": "0", "warnings": "1",
             "notes": "0", "chats": "1", "first_frame": "4", "end": "answered, ended by BYE", "end_by": "caller",
             "end_frame": "9", "reason": "", "srd": "0.051", "sdd": "0.011", "sdt": "0.025"},
        ])

    def test_how_each_dialog_ended(self):
        """The end, who ended it, its frame and Reason, as a CDR would show them."""
        cases = {
            "end-bye-q850": [("answered, ended by BYE", "callee", "5", "Q.850 16 Normal call clearing")],
            "end-cancel-reason": [("cancelled", "caller", "3", "SIP 200 Call completed elsewhere")],
            "end-503-from-proxy": [("rejected: 503 Service Unavailable", "an element in the middle", "4",
                                    "Q.850 41 Temporary failure")],
            "end-481-reinvite": [("INVITE usage destroyed by 481 Call/Transaction Does Not Exist", "callee", "5", "")],
            "timer-refresh-missing": [("ended by the session timer", "caller", "5", "")],
            "rfc3665-busy": [("rejected: 486 Busy Here", "callee", "4", "")],
            "ack-missing-32s": [("2xx never ACKed", "callee", "16", "")],
        }
        for name, expected in cases.items():
            with self.subTest(capture=name):
                rows = dialog_rows(run_table("sipdialog,dialogs", capture(name), two_pass=True))
                self.assertEqual([(r["end"], r["end_by"], r["end_frame"], r["reason"]) for r in rows], expected)

    def test_findings_that_need_the_whole_capture_appear_in_two_passes(self):
        pcap = capture("ack-missing-32s")
        single = dialog_rows(run_table("sipdialog,dialogs", pcap))
        double = dialog_rows(run_table("sipdialog,dialogs", pcap, two_pass=True))
        self.assertEqual([(r["state"], r["errors"]) for r in single], [("ended, never ACKed", "0")])
        self.assertEqual([(r["state"], r["errors"], r["setup"], r["duration"]) for r in double],
                         [("ended, never ACKed", "1", "2.000", "32.100")])

    def test_rejected_call(self):
        rows = dialog_rows(run_table("sipdialog,dialogs", capture("rfc3665-busy")))
        self.assertEqual([(r["state"], r["duration"]) for r in rows], [("failed", "")])

    def test_display_filter_selects_the_dialogs(self):
        pcap = capture("stats-four-calls")
        everything = dialog_rows(run_table("sipdialog,dialogs", pcap, two_pass=True))
        self.assertEqual([(r["call"], r["dialog"], r["caller"], r["forks"], r["state"], r["setup"], r["first_frame"])
                          for r in everything], [
            ("0", "0", "sip:alice@example.test", "1", "terminated", "1.000", "1"),
            ("1", "1", "sip:carol@example.test", "1", "ended, never ACKed", "1.000", "5"),
            # from the first INVITE, before the 407 challenge
            ("2", "2", "sip:dave@example.test", "1", "terminated", "1.500", "7"),
            ("3", "3", "sip:erin@example.test", "2", "terminated", "1.001", "16"),
            ("3", "4", "sip:erin@example.test", "2", "terminated", "1.005", "19"),
        ])
        flagged = dialog_rows(run_table("sipdialog,dialogs", pcap, True, "sipdialog.analysis.flags"))
        self.assertEqual([(r["dialog"], r["errors"], r["warnings"], r["chats"]) for r in flagged],
                         [("1", "1", "0", "0"), ("2", "0", "0", "1"), ("4", "0", "1", "1")])
        errors = dialog_rows(run_table("sipdialog,dialogs", pcap, True, "sipdialog && _ws.expert.severity == error"))
        self.assertEqual([r["dialog"] for r in errors], ["1"])
        one_call = run_table("sipdialog,stat", pcap, True, "sipdialog.call == 2")
        self.assertEqual(totals(one_call)["Calls (Call-IDs)"], 1)
        self.assertEqual({n: c for n, c in findings_column(one_call).items() if c}, {"cseq.auth_retry": 1})


class ReadmeColouringRuleTest(unittest.TestCase):
    def test_the_suggested_rule_colours_exactly_the_errors(self):
        with open(os.path.join(wstest.SOURCE_DIR, "README.md"), encoding="utf-8") as f:
            rule = re.search(r"^@SIP dialog error@.*$", f.read(), re.M).group(0)
        ts = wstest.tshark()
        config = tempfile.mkdtemp(dir=ts.root)
        with open(os.path.join(config, "colorfilters"), "w") as f:
            f.write(rule + "\n")
        os.chmod(config, 0o755)
        os.chmod(os.path.join(config, "colorfilters"), 0o644)
        out = subprocess.run(ts.prefix + ["tshark", "-r", capture("stats-four-calls"), "-2", "--color", "-T", "fields",
                                          "-e", "frame.number", "-e", "frame.coloring_rule.name"],
                             env=dict(ts.env, WIRESHARK_CONFIG_DIR=config), capture_output=True, text=True,
                             check=True).stdout
        coloured = [line.split("\t")[0] for line in out.splitlines() if line.split("\t")[1:] != [""]]
        self.assertEqual(coloured, ["9"])


class PreferencesTest(unittest.TestCase):
    def findings(self, name, frame, prefs=()):
        frames = wstest.tshark().messages(capture(name), two_pass=True, prefs=prefs)
        return {f for message in frames[frame - 1] for f in message.findings}

    def test_t1_sets_the_transaction_deadlines(self):
        # The OPTIONS times out 64×T1 = 32 s after frame 1; with T1 = 1 s the
        # deadline (64 s) lies beyond the end of the capture (60 s).
        self.assertIn("txn.no_final_response", self.findings("txn-no-final-response", 1))
        self.assertNotIn("txn.no_final_response",
                         self.findings("txn-no-final-response", 1, ["sipdialog.t1:1000"]))

    def test_tolerance_decides_whether_requests_crossed(self):
        # The re-INVITEs are 2 ms apart: they crossed in flight within twice
        # the default tolerance (100 ms), not with no tolerance at all.
        self.assertEqual(self.findings("glare-crossing-reinvites", 5), {"glare.crossed"})
        self.assertEqual(self.findings("glare-crossing-reinvites", 5, ["sipdialog.tolerance:0"]),
                         {"glare.invite_pending"})

    def test_chat_entries_can_be_hidden(self):
        pcap = capture("rfc3665-two-proxies-407")
        shown = wstest.tshark().expert_counts(pcap)
        hidden = wstest.tshark().run(["-r", pcap, "-q", "-z", "expert", "-o", "sipdialog.show_chat:FALSE"])
        self.assertTrue(any("credentials" in s for s in shown), shown)
        self.assertNotIn("SIPDIALOG", hidden)
        table = run_table("sipdialog,stat", pcap, prefs=["sipdialog.show_chat:FALSE"])
        self.assertEqual(sum(findings_column(table).values()), 0)

    def test_preferences_are_registered(self):
        prefs = wstest.tshark().run(["-G", "defaultprefs"])
        for line in ["#sipdialog.t1: 500", "#sipdialog.t2: 4000", "#sipdialog.tolerance: 100",
                     "#sipdialog.show_chat: TRUE"]:
            self.assertIn(line, prefs)


if __name__ == "__main__":
    unittest.main()
