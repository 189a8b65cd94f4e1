# SPDX-License-Identifier: GPL-2.0-or-later
"""Mutated captures, in the spirit of Wireshark's tools/fuzz-test.sh: every
capture of captures/ (scenarios and real stacks) and of the public corpus,
corrupted with `editcap -E 0.02`, is dissected with the plugin loaded
(`tshark -nVxr`, single-pass and -2) under CPU-time and memory limits and
with WIRESHARK_ABORT_ON_DISSECTOR_BUG=1.  A crash, an abort, a dissector bug
or a limit hit fails, and the mutated capture is kept in
tests/robustness/regressions/, whose files are dissected on every run;
unless tshark fails the same way with the plugin disabled: a bug of
Wireshark's own, reported and passed over.

    SIPDIALOG_MUTATION_ROUNDS  rounds of mutation per capture (default 1)
    SIPDIALOG_MUTATION_SEED    first editcap seed (default: fixed, so CI is reproducible)
"""

import glob
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import unittest

import wstest
from test_corpus import captures

REGRESSIONS = os.path.join(wstest.SOURCE_DIR, "tests", "robustness", "regressions")
CPU_SECONDS = 120
MEMORY_BYTES = 4 << 30


def limits():
    """Run in the child before tshark: the limits of tools/fuzz-test.sh, roomier for ASan-free tshark."""
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def dissect(path, two_pass, plugin=True):
    """tshark's exit status on `path` (a negative one: killed by a signal)."""
    ts = wstest.tshark()
    args = ts.prefix + ["tshark", "-nVxr", path] + (["-2"] if two_pass else [])
    if not plugin:
        args += ["--disable-protocol", "sipdialog"]
    env = dict(ts.env, WIRESHARK_ABORT_ON_DISSECTOR_BUG="1")
    return subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=limits,
                          timeout=CPU_SECONDS * 3).returncode


class MutationTest(unittest.TestCase):
    def test_regressions(self):
        """Every mutated capture that once failed is dissected cleanly now."""
        for path in sorted(glob.glob(os.path.join(REGRESSIONS, "*"))):
            staged = wstest.tshark().stage(path)
            for two_pass in (False, True):
                with self.subTest(capture=os.path.basename(path), two_pass=two_pass):
                    self.assertEqual(dissect(staged, two_pass), 0)

    def test_mutated_captures(self):
        rounds = int(os.environ.get("SIPDIALOG_MUTATION_ROUNDS", "1"))
        seed = int(os.environ.get("SIPDIALOG_MUTATION_SEED", "20261124"))
        scratch = tempfile.mkdtemp(prefix="sipdialog-mutation-")
        self.addCleanup(shutil.rmtree, scratch, True)
        failures = []
        for name, path in captures(include_scenarios=True).items():
            for r in range(rounds):
                mutated = os.path.join(scratch, f"{name.replace('/', '_').replace(' ', '_')}.{seed + r}.pcap")
                subprocess.run(["editcap", "-E", "0.02", "--seed", str(seed + r), path, mutated], check=True,
                               capture_output=True)
                staged = wstest.tshark().stage(mutated)
                for two_pass in (False, True):
                    status = dissect(staged, two_pass)
                    if status == 0:
                        continue
                    what = f"{os.path.basename(mutated)} ({'-2' if two_pass else 'single pass'}): exit status {status}"
                    # Wireshark's own dissectors have bugs of their own (4.0's QUIC
                    # asserts on some mutated packets): not the plugin's, if tshark
                    # fails the same way without it.
                    if dissect(staged, two_pass, plugin=False) == status:
                        print(f"\n  Wireshark's own, also without the plugin: {what}", file=sys.stderr)
                        continue
                    os.makedirs(REGRESSIONS, exist_ok=True)
                    shutil.copy(mutated, REGRESSIONS)
                    failures.append(what)
        self.assertEqual(failures, [], f"kept in {REGRESSIONS}")


if __name__ == "__main__":
    unittest.main()
