# SPDX-License-Identifier: GPL-2.0-or-later
"""Real SIP stacks, run now: tests/realstack/run-lab.sh places the lab's calls
through kamailio between baresip UAs on loopback, and the plugin must say of
the fresh captures what holds whatever the timing:

- the basic, auth, cancel and hold calls: no Warning and no Error;
- the auth call: the retry after the 407 is sipdialog.cseq.auth_retry;
- the forks: one sipdialog.fork.multiple_2xx, on the second fork's 2xx, whose
  outcome and ACK findings agree with what the caller actually sent (read
  from the SIP headers, not from the plugin).

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
        for name in ("basic", "auth", "cancel", "hold"):
            with self.subTest(capture=name):
                self.assertEqual(self.severe(findings(self.captures[name], two_pass=True)), {})

    def test_auth_retry(self):
        self.assertIn("cseq.auth_retry", findings(self.captures["auth"], two_pass=True))

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
