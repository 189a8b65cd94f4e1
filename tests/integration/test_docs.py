# SPDX-License-Identifier: GPL-2.0-or-later
"""The documentation agrees with the code and with what tshark registers."""

import glob
import os
import re
import sys
import unittest

import wstest

sys.path.insert(0, os.path.join(wstest.SOURCE_DIR, "tools"))
sys.path.insert(0, os.path.join(wstest.SOURCE_DIR, "tests", "scenario"))
update_docs = __import__("update-docs")  # noqa: E402
from scenario import Scenario  # noqa: E402


def readme():
    with open(os.path.join(wstest.SOURCE_DIR, "README.md"), encoding="utf-8") as f:
        return f.read()


class DocsTest(unittest.TestCase):
    maxDiff = None

    def test_generated_sections_are_current(self):
        for name, (path, body) in update_docs.generated(wstest.env_path("SIPDIALOG_BUILD_DIR")).items():
            with open(os.path.join(wstest.SOURCE_DIR, path), encoding="utf-8") as f:
                text = f.read()
            self.assertEqual(update_docs.section(text, name), body,
                             f"{path} is stale: run tools/update-docs.py <build dir>")

    def test_readme_tables_match_registered_fields(self):
        text = readme()
        findings = wstest.parse_findings_table(update_docs.section(text, "findings"))
        fields = dict(re.findall(r"^\| `sipdialog\.([^`]+)` \| \w+ \| (.*) \|$", update_docs.section(text, "fields"),
                                 re.M))
        registered = {}
        for line in wstest.tshark().run(["-G", "fields"]).splitlines():
            cols = line.split("\t")
            if cols[0] == "F" and cols[2].startswith("sipdialog."):
                registered[cols[2][len("sipdialog."):]] = (cols[1], cols[-1])
        self.assertEqual(set(registered), set(findings) | set(fields) | {"analysis.flags"},
                         "fields registered in tshark vs. the README's tables")
        for name, finding in findings.items():
            self.assertEqual(registered[name][0], f"{finding.summary} ({finding.rfc})",
                             f"expert text of sipdialog.{name}")
        for name, description in fields.items():
            self.assertEqual(registered[name][1], description, f"description of sipdialog.{name}")

    def test_every_finding_is_demonstrated_by_a_capture(self):
        shown = set()
        for path in glob.glob(os.path.join(wstest.SOURCE_DIR, "tests", "scenarios", "*.scn")):
            for frame in Scenario(path).frames:
                for message in frame.messages:
                    shown |= message.findings | message.final_findings
        missing = set(wstest.findings_table()) - shown
        self.assertEqual(missing, set(), "findings that no scenario capture demonstrates")


if __name__ == "__main__":
    unittest.main()
