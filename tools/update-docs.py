#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Regenerate the parts of the documentation that derive from the code:

  README.md           the findings and fields tables (from findings.def and
                      fields.def, printed by the findings-md tool)
  captures/README.md  the index of scenario captures (from tests/scenarios)
  captures/*.pcap     the scenario captures themselves

    tools/update-docs.py BUILD_DIR
"""
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "scenario"))
from scenario import Scenario, write_pcap  # noqa: E402


def generated(build_dir):
    """marker name -> (file, generated text)"""
    tool = os.path.join(build_dir, "findings-md")
    out = {}
    for table in ("findings", "fields"):
        text = subprocess.run([tool, table], capture_output=True, text=True, check=True).stdout
        out[table] = ("README.md", text)
    scenarios = sorted(glob.glob(os.path.join(ROOT, "tests", "scenarios", "*.scn")))
    index = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "scenario", "scn2pcap.py"), "--index"]
                           + scenarios, capture_output=True, text=True, check=True).stdout
    out["captures"] = ("captures/README.md", index)
    return out


def section(text, name):
    m = re.search(rf"<!-- {name}:begin -->\n(.*?)<!-- {name}:end -->", text, re.S)
    return m.group(1) if m else None


def replace_section(text, name, body):
    return re.sub(rf"(<!-- {name}:begin -->\n).*?(<!-- {name}:end -->)", lambda m: m.group(1) + body + m.group(2),
                  text, flags=re.S)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, (path, body) in generated(sys.argv[1]).items():
        full = os.path.join(ROOT, path)
        with open(full, encoding="utf-8") as f:
            text = f.read()
        if section(text, name) is None:
            sys.exit(f"{path}: no <!-- {name}:begin/end --> markers")
        with open(full, "w", encoding="utf-8") as f:
            f.write(replace_section(text, name, body))
    for path in glob.glob(os.path.join(ROOT, "tests", "scenarios", "*.scn")):
        name = os.path.basename(path)[:-4]
        with open(os.path.join(ROOT, "captures", name + ".pcap"), "wb") as out:
            write_pcap(Scenario(path), out)


if __name__ == "__main__":
    main()
