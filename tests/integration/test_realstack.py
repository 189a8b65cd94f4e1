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

Needs root (dumpcap captures on lo), kamailio and baresip ("tools/deps.sh
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
        missing = [t for t in ("kamailio", "baresip", "dumpcap") if shutil.which(t) is None]
        if missing:
            raise unittest.SkipTest(f"the lab needs {', '.join(missing)}: run tools/deps.sh test")
        out = tempfile.mkdtemp(prefix="sipdialog-lab-")
        cls.addClassCleanup(shutil.rmtree, out, True)
        proc = subprocess.run([LAB, out], capture_output=True, text=True, timeout=LAB_TIMEOUT)
        if proc.returncode != 0:
            raise AssertionError(f"run-lab.sh failed:\n{proc.stdout}\n{proc.stderr}")
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


if __name__ == "__main__":
    unittest.main()
