# SPDX-License-Identifier: GPL-2.0-or-later
"""Real SIP stacks, run now: tests/realstack/run-lab.sh places the lab's calls
through kamailio between baresip UAs on loopback, and the plugin must say of
the fresh captures what holds whatever the timing:

- the basic, auth, cancel, hold and transfer calls and the presence
  subscription: no Warning and no Error;
- the auth call: the retry after the 407 is sipdialog.cseq.auth_retry;
- the forks: one sipdialog.fork.multiple_2xx, on the second fork's 2xx, whose
  outcome and ACK findings agree with what the caller actually sent (read
  from the SIP headers, not from the plugin);
- the presence subscription and the transfer's implicit one: one
  subscription each, its Event package, each NOTIFY's state, the REFER's
  target and each NOTIFY's sipfrag, as the SIP headers and bodies say.

Beside it (at the same time, on addresses of their own),
tests/realstack/sipp/run-all.sh records SIPp calls (one through a kamailio
with the sst and dialog modules), whose messages are scripted, so the
plugin must say exactly this of each (test_sipp_*): the
findings, how the dialog ended (end.kind, end.by, end.frame, the Reason),
the session-timer fields, and RFC 6076 metrics equal to the delays between
the messages' own timestamps.

Needs root (dumpcap captures on lo), kamailio, baresip and sipp ("tools/deps.sh
test" installs them); it is skipped otherwise, saying so.
"""

import os
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

import wstest
from test_corpus import findings

LAB = os.path.join(wstest.SOURCE_DIR, "tests", "realstack", "run-lab.sh")
SIPP_LAB = os.path.join(wstest.SOURCE_DIR, "tests", "realstack", "sipp", "run-all.sh")
CALLER = "127.0.0.2"
TRANSFEREE = "127.0.0.3"
LAB_TIMEOUT = 600


class RealStackTest(unittest.TestCase):
    maxDiff = None
    captures = None

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise unittest.SkipTest("the lab needs root to capture on lo")
        missing = [t for t in ("kamailio", "baresip", "dumpcap", "sipp") if shutil.which(t) is None]
        if missing:
            raise unittest.SkipTest(f"the lab needs {', '.join(missing)}: run tools/deps.sh test")
        out = tempfile.mkdtemp(prefix="sipdialog-lab-")
        cls.addClassCleanup(shutil.rmtree, out, True)
        # The SIPp calls (about 90 s, mostly waiting for session timers)
        # run while the baresip lab runs: other addresses, other ports,
        # their own captures.
        labs = {script: subprocess.Popen([script, out], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                for script in (LAB, SIPP_LAB)}
        failed = []
        for script, proc in labs.items():
            try:
                output, _ = proc.communicate(timeout=LAB_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.terminate()
                output, _ = proc.communicate()
            if proc.returncode != 0:
                failed.append(f"{os.path.basename(script)} failed ({proc.returncode}):\n{output}")
        if failed:
            raise AssertionError("\n".join(failed))
        cls.captures = {name[:-5]: os.path.join(out, name) for name in os.listdir(out) if name.endswith(".pcap")}

    def severe(self, found):
        table = wstest.findings_table()
        return {f: frames for f, frames in found.items() if table[f][0] in ("Warning", "Error")}

    def test_clean_calls(self):
        for name in ("basic", "auth", "cancel", "hold", "transfer", "presence"):
            with self.subTest(capture=name):
                self.assertEqual(self.severe(findings(self.captures[name], two_pass=True)), {})

    def test_auth_retry(self):
        self.assertIn("cseq.auth_retry", findings(self.captures["auth"], two_pass=True))

    def test_presence_subscription(self):
        msgs = self.subscription_messages(self.captures["presence"], "SUBSCRIBE")
        self.assertGreaterEqual(len([m for m in msgs if m["method"] == "SUBSCRIBE"]), 3, "subscribe, refresh, end")
        for m in msgs:
            with self.subTest(frame=m["frame"]):
                self.assertEqual(m["event"], "presence")
                self.assertEqual(m["index"], msgs[0]["index"], "one subscription")
        self.check_notify_states(msgs, last="terminated (timeout)")
        subscribe_ok = next(m for m in msgs if m["status"] == "200" and m["cseq_method"] == "SUBSCRIBE")
        first_notify = next(m for m in msgs if m["method"] == "NOTIFY")
        self.assertEqual(subscribe_ok["notify_in"], first_notify["frame"])

    def test_transfer_subscription(self):
        msgs = self.subscription_messages(self.captures["transfer"], "REFER")
        refer = msgs[0]
        self.assertEqual(refer["method"], "REFER")
        self.assertEqual(refer["target"], refer["headers"]["refer-to"])
        for m in msgs:
            with self.subTest(frame=m["frame"]):
                self.assertEqual(m["event"], "refer")
                self.assertEqual(m["index"], refer["index"], "one subscription")
        notifies = self.check_notify_states(msgs, last="terminated (noresource)")
        sent = [m for m in notifies if m["src"] == TRANSFEREE]
        self.assertEqual([m["progress"] for m in sent], [m["body"].splitlines()[0] for m in sent])
        self.assertEqual([m["progress"][:11] for m in sent], ["SIP/2.0 100", "SIP/2.0 200"])

    def check_notify_states(self, msgs, last):
        """The state of each NOTIFY its sender sent (the proxy's copies carry
        no state field) is its Subscription-State's; the last one `last`."""
        notifies = [m for m in msgs if m["method"] == "NOTIFY" and m["state"]]
        self.assertGreaterEqual(len(notifies), 2)
        for m in notifies:
            with self.subTest(frame=m["frame"]):
                header = m["headers"]["subscription-state"]
                self.assertEqual(m["state"].split(" ")[0], header.split(";")[0])
        self.assertEqual(notifies[-1]["state"], last)
        return notifies

    def subscription_messages(self, pcap, method):
        """The messages of the Call-ID of the first `method` request, with
        their SIP headers and body and the plugin's subscription fields."""
        fields = {"frame": "frame.number", "src": "ip.src", "method": "sip.Method", "status": "sip.Status-Code",
                  "cseq_method": "sip.CSeq.method", "callid": "sip.Call-ID", "payload": "udp.payload",
                  "event": "sipdialog.subscription.event", "state": "sipdialog.subscription.state",
                  "index": "sipdialog.subscription.index", "notify_in": "sipdialog.subscription.notify_in",
                  "target": "sipdialog.refer.target", "progress": "sipdialog.refer.progress"}
        ts = wstest.tshark()
        out = ts.run(["-r", ts.stage(pcap), "-2", "-T", "fields", "-E", "separator=\t", "-E", "occurrence=f"] +
                     sum((["-e", f] for f in fields.values()), []))
        msgs = [dict(zip(fields, line.split("\t"))) for line in out.splitlines()]
        callid = next(m["callid"] for m in msgs if m["method"] == method)
        msgs = [m for m in msgs if m["callid"] == callid]
        for m in msgs:
            text = bytes.fromhex(m.pop("payload").replace(":", "")).decode()
            head, _, m["body"] = text.partition("\r\n\r\n")
            m["headers"] = {}
            for line in head.split("\r\n")[1:]:
                name, _, value = line.partition(":")
                m["headers"].setdefault(name.strip().lower(), value.strip())
        return [m for m in msgs if m["method"] in ("SUBSCRIBE", "REFER", "NOTIFY") or
                m["cseq_method"] in ("SUBSCRIBE", "REFER", "NOTIFY")]

    def test_forks(self):
        for name in ("fork-two-answer", "fork-late-answer"):
            with self.subTest(capture=name):
                self.check_fork_verdict(self.captures[name])

    def check_fork_verdict(self, pcap):
        found = findings(pcap, two_pass=True)
        self.assertEqual(len(found.get("fork.multiple_2xx", [])), 1, f"{found}")
        frame = found["fork.multiple_2xx"][0]
        to_tag, outcome = self.second_2xx(pcap, frame)
        acked, ended = self.what_the_caller_did(pcap, to_tag)
        expected = ("ACKed" if acked else "never ACKed") + (", ended by BYE" if ended else ", kept" if acked else "")
        self.assertEqual(outcome, expected, f"fork outcome of the 2xx in frame {frame}")
        self.assertEqual(frame in found.get("ack.missing", []), not acked, "ack.missing agrees with the ACKs sent")

    def second_2xx(self, pcap, frame):
        ts = wstest.tshark()
        root = ET.fromstring(ts.run(["-r", ts.stage(pcap), "-2", "-T", "pdml", "-Y", f"frame.number == {frame}"]))
        fields = {f.get("name"): f.get("show") for f in root.iter("field")}
        return fields["sip.to.tag"], fields["sipdialog.fork.outcome"]

    def what_the_caller_did(self, pcap, to_tag):
        """Whether the caller sent an ACK in the dialog of `to_tag`, and whether a BYE ended it."""
        ts = wstest.tshark()
        out = ts.run(["-r", ts.stage(pcap), "-Y", f'sip.to.tag == "{to_tag}" || sip.from.tag == "{to_tag}"',
                      "-T", "fields", "-e", "ip.src", "-e", "sip.Method"])
        requests = [line.split("\t") for line in out.splitlines()]
        acked = any(src == CALLER and method == "ACK" for src, method in requests)
        ended = any(method == "BYE" for _, method in requests)
        return acked, ended

    # --- SIPp: scripted calls, exact expectations -------------------------------

    # scenario -> (end.kind, end.by, the request that ended it, Reason as
    # (protocol, cause, text) or None).  The text of a Reason that gives
    # only a Q.850 cause is the cause's name.
    SIPP_ENDS = {
        "100rel": ("answered, ended by BYE", "caller", "BYE", None),
        "delayed-offer": ("answered, ended by BYE", "caller", "BYE", None),
        "timer-refreshed": ("answered, ended by BYE", "caller", "BYE", None),
        "timer-422": ("answered, ended by BYE", "caller", "BYE", None),
        "bye-reason": ("answered, ended by BYE", "caller", "BYE", ("Q.850", "16", "Normal call clearing")),
        "cancel-reason": ("cancelled", "caller", "CANCEL", ("SIP", "200", "Call completed elsewhere")),
        "timer-expired": ("ended by the session timer", "callee", "BYE",
                          ("Q.850", "102", "Recovery on timer expiry")),
        # kamailio's dialog and sst modules: one BYE to each side.
        "proxy-timer-expiry": ("ended by the session timer", "an element in the middle", "BYE", None),
    }

    def sipp(self, scenario):
        """The fresh capture's messages (a dict per frame, from the SIP
        headers) and the plugin's fields per frame (two-pass)."""
        if scenario not in self.sipp_read:
            self.sipp_read[scenario] = self.read_sipp(scenario)
        return self.sipp_read[scenario]

    sipp_read = {}

    def read_sipp(self, scenario):
        ts = wstest.tshark()
        pcap = ts.stage(self.captures["sipp-" + scenario], "lab-sipp-" + scenario + ".pcap")
        columns = ("frame.number", "frame.time_relative", "ip.src", "ip.dst", "sip.Method", "sip.Status-Code",
                   "sip.CSeq.seq", "sip.CSeq.method", "sip.to.tag")
        out = ts.run(["-r", pcap, "-T", "fields"] + [a for c in columns for a in ("-e", c)])
        rows = [dict(zip(("frame", "time", "src", "dst", "method", "status", "cseq", "cseq_method", "to_tag"),
                         line.split("\t"))) for line in out.splitlines()]
        for row in rows:
            row["frame"] = int(row["frame"])
            row["time_us"] = round(float(row["time"]) * 1e6)
        fields = [{k: v for m in frame for k, v in m.fields.items()} for frame in ts.messages(pcap, two_pass=True)]
        return rows, fields

    @staticmethod
    def first(rows, **want):
        return next(r for r in rows if all(r[k] == v for k, v in want.items()))

    def test_sipp_findings(self):
        """Silent on the clean calls; on the unrefreshed sessions, the 2xx
        that set it was never refreshed and the (first) BYE, the callee's or
        the proxy's, came at its end (RFC 4028 §10)."""
        for scenario in self.SIPP_ENDS:
            with self.subTest(scenario=scenario):
                rows, _ = self.sipp(scenario)
                expected = {}
                if scenario in ("timer-expired", "proxy-timer-expiry"):
                    answer = self.first(rows, status="200", cseq_method="INVITE")
                    expected = {"timer.refresh_missing": [answer["frame"]],
                                "timer.expired": [self.first(rows, method="BYE")["frame"]]}
                self.assertEqual(findings(self.captures["sipp-" + scenario], two_pass=True), expected)

    def test_sipp_ends(self):
        """end.kind, end.by, end.frame and the Reason, on every message of the dialog."""
        for scenario, (kind, by, method, reason) in self.SIPP_ENDS.items():
            with self.subTest(scenario=scenario):
                rows, fields = self.sipp(scenario)
                expected = {"end.kind": kind, "end.by": by, "end.frame": str(self.first(rows, method=method)["frame"])}
                if reason is not None:
                    expected.update(zip(("end.reason_protocol", "end.reason_cause", "end.reason_text"), reason))
                for row, got in zip(rows, fields):
                    self.assertEqual({k: v for k, v in got.items() if k.startswith("end.")}, expected,
                                     f"frame {row['frame']}")

    def test_sipp_metrics(self):
        """RFC 6076 §4.3-§4.5, from the messages' timestamps: SRD from the
        dialog's INVITE to its first response other than 100, on the
        caller's hop; SDT from the first 2xx to the first BYE; SDD from that
        BYE to its response."""
        for scenario in self.SIPP_ENDS:
            with self.subTest(scenario=scenario):
                rows, fields = self.sipp(scenario)
                caller = rows[0]["src"]
                invite = [r for r in rows if r["method"] == "INVITE" and not r["to_tag"] and r["src"] == caller][-1]
                first = next(r for r in rows if r["cseq"] == invite["cseq"] and r["cseq_method"] == "INVITE"
                             and r["dst"] == caller and r["status"] not in ("", "100"))
                expected = {"metrics.srd": first["time_us"] - invite["time_us"]}
                if scenario != "cancel-reason":
                    answer = self.first(rows, status="200", cseq_method="INVITE")
                    bye = self.first(rows, method="BYE")
                    # Its response, not that of the proxy's other BYE.
                    done = self.first(rows, status="200", cseq_method="BYE", cseq=bye["cseq"], src=bye["dst"])
                    expected["metrics.sdt"] = bye["time_us"] - answer["time_us"]
                    expected["metrics.sdd"] = done["time_us"] - bye["time_us"]
                got = {k: round(float(v) * 1e6) for k, v in fields[invite["frame"] - 1].items()
                       if k.startswith("metrics.")}
                self.assertEqual(got, expected)

    def test_sipp_session_timers(self):
        """The interval and refresher each 2xx set (RFC 4028 §9), and what a refresh renews."""
        cases = {"timer-refreshed": (90, "caller"), "timer-expired": (90, "caller"), "timer-422": (120, "caller"),
                 "proxy-timer-expiry": (90, "callee")}
        for scenario, (interval, refresher) in cases.items():
            with self.subTest(scenario=scenario):
                rows, fields = self.sipp(scenario)
                answer = self.first(rows, status="200", cseq_method="INVITE")
                got = fields[answer["frame"] - 1]
                self.assertEqual((got.get("timer.interval"), got.get("timer.refresher"), got.get("timer.refresh_of")),
                                 (str(interval), refresher, None))
                if scenario == "timer-refreshed":
                    refresh = fields[self.first(rows, status="200", cseq_method="UPDATE")["frame"] - 1]
                    self.assertEqual((refresh.get("timer.interval"), refresh.get("timer.refresher"),
                                      refresh.get("timer.refresh_of")), ("90", "caller", str(answer["frame"])))


if __name__ == "__main__":
    unittest.main()
