# SPDX-License-Identifier: GPL-2.0-or-later
"""Valgrind memcheck on tshark runs with the plugin: no invalid read or
write, no use of uninitialised memory, and nothing definitely lost, in any
error whose stack reaches the plugin (Wireshark and GLib have their own,
which are not ours to judge).

    SIPDIALOG_VALGRIND_ALL=1   every scenario and real-stack capture (default: a sample)
"""

import glob
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import wstest

# A sample that exercises every part of the analysis: CSeq, transactions and
# ACKs, deadlines, forks across hops, glare, TCP with two messages a segment.
SAMPLE = ["ack-missing-32s", "cseq-auth-retry", "fork-two-answer-at-proxy", "fork-2xx-not-forwarded-at-proxy",
          "glare-crossing-reinvites", "tcp-two-messages", "mid-dialog-start", "rfc3665-two-proxies-407"]
ERROR = re.compile(r"Invalid (read|write|free)|uninitialised|definitely lost")


def ours(block, plugin):
    return plugin in block or re.search(r"\b(sd_[a-z_]+|dissect_sipdialog|sipdialog)\b", block) is not None


class ValgrindTest(unittest.TestCase):
    maxDiff = None

    def test_memcheck(self):
        if shutil.which("valgrind") is None:
            self.skipTest("valgrind is not installed: run tools/deps.sh test")
        names = None if os.environ.get("SIPDIALOG_VALGRIND_ALL") else SAMPLE
        paths = sorted(glob.glob(os.path.join(wstest.SOURCE_DIR, "captures", "*.pcap")) +
                       glob.glob(os.path.join(wstest.SOURCE_DIR, "captures", "real", "*.pcap")))
        paths = [p for p in paths if names is None or os.path.basename(p)[:-5] in names]
        self.assertTrue(paths)
        ts = wstest.tshark()
        logs = tempfile.mkdtemp(prefix="sipdialog-valgrind-", dir=ts.root)
        os.chmod(logs, 0o777)
        for path in paths:
            with self.subTest(capture=os.path.basename(path)):
                log = os.path.join(logs, os.path.basename(path) + ".log")
                args = ts.prefix + ["valgrind", "--leak-check=full", "--keep-debuginfo=yes", "--num-callers=40",
                                    f"--log-file={log}",
                                    "tshark", "-r", ts.stage(path), "-2", "-V"]
                subprocess.run(args, env=ts.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=600, check=True)
                with open(log) as f:
                    blocks = re.split(r"\n==\d+== \n", f.read())
                self.assertTrue(any("ERROR SUMMARY" in b for b in blocks), "valgrind did not finish")
                mine = [b for b in blocks if ERROR.search(b) and ours(b, ts.plugin)]
                self.assertEqual(mine, [], f"memcheck errors in the plugin ({log})")


if __name__ == "__main__":
    unittest.main()
