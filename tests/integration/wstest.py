# SPDX-License-Identifier: GPL-2.0-or-later
"""Running the tshark under test with the plugin just built.

tshark ignores personal plugin folders and WIRESHARK_PLUGIN_DIR when it runs
as root, so as root every tshark runs as nobody (setpriv) on copies staged in
a world-readable folder: a CI checkout in root's home is not readable by
nobody.  Whoever runs it, WIRESHARK_PLUGIN_DIR hides an installed copy of the
plugin, and the staging checks that tshark loaded the copy under test.
"""

import atexit
import collections
import json
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
NOBODY = 65534
TIMEOUT = 300


def env_path(name):
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set (run the tests through ctest)")
    return value


class Tshark:
    def __init__(self):
        plugin = env_path("SIPDIALOG_PLUGIN")
        abi = env_path("SIPDIALOG_WIRESHARK_ABI")
        self.root = tempfile.mkdtemp(prefix="sipdialog-test-")
        atexit.register(shutil.rmtree, self.root, True)
        os.chmod(self.root, 0o755)
        plugin_dir = os.path.join(self.root, "plugins", abi, "epan")
        os.makedirs(plugin_dir)
        self.plugin = shutil.copy(plugin, plugin_dir)
        for d in ("home", "config", "captures"):
            os.makedirs(os.path.join(self.root, d))
        for dirpath, dirnames, filenames in os.walk(self.root):
            for name in dirnames + filenames:
                os.chmod(os.path.join(dirpath, name), 0o755)
        self.env = dict(os.environ, HOME=os.path.join(self.root, "home"),
                        WIRESHARK_PLUGIN_DIR=os.path.join(self.root, "plugins"),
                        WIRESHARK_CONFIG_DIR=os.path.join(self.root, "config"), LC_ALL="C.UTF-8")
        self.prefix = []
        if os.geteuid() == 0:
            self.prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
            os.chown(os.path.join(self.root, "home"), NOBODY, NOBODY)
            os.chown(os.path.join(self.root, "config"), NOBODY, NOBODY)
        self.check_plugin_loaded()

    def check_plugin_loaded(self):
        out = self.run(["-G", "plugins"])
        for line in out.splitlines():
            cols = line.split("\t")
            if cols[0].strip() == "sipdialog.so" and cols[-1].strip() == self.plugin:
                return
        raise AssertionError(f"tshark did not load {self.plugin}; tshark -G plugins said:\n{out}")

    def stage(self, path, name=None):
        """A world-readable copy of `path` that the unprivileged tshark can read."""
        dst = os.path.join(self.root, "captures", name or os.path.basename(path))
        shutil.copyfile(path, dst)
        os.chmod(dst, 0o644)
        return dst

    def run(self, args, check=True):
        proc = subprocess.run(self.prefix + ["tshark"] + args, env=self.env, capture_output=True, text=True,
                              timeout=TIMEOUT)
        if check and proc.returncode != 0:
            raise AssertionError(f"tshark {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}")
        if "-r" in args and ("Dissector bug" in proc.stdout or "Dissector bug" in proc.stderr):
            raise AssertionError(f"tshark {' '.join(args)} hit a dissector bug:\n{proc.stdout}{proc.stderr}")
        return proc.stdout

    def sharkd(self, requests):
        """Send JSON-RPC requests (method, params) to `sharkd -` (the engine
        of web front-ends), in the environment tshark was checked in: the
        same plugin folders, so the same plugin.  Returns the results, in
        order; an error answer fails."""
        lines = [json.dumps({"jsonrpc": "2.0", "id": i, "method": method, **({"params": params} if params else {})})
                 for i, (method, params) in enumerate(requests, 1)]
        proc = subprocess.run(self.prefix + ["sharkd", "-"], env=self.env, input="\n".join(lines) + "\n",
                              capture_output=True, text=True, timeout=TIMEOUT)
        answers = {}
        for line in proc.stdout.splitlines():
            if line.strip():
                answer = json.loads(line)
                answers[answer.get("id")] = answer
        results = []
        for i, (method, _) in enumerate(requests, 1):
            answer = answers.get(i)
            if answer is None or "error" in answer:
                raise AssertionError(f"sharkd {method}: {answer}\n{proc.stderr}")
            results.append(answer["result"])
        return results

    def messages(self, pcap, two_pass=False, prefs=()):
        """Per frame, the sipdialog subtrees of its SIP messages, as Message objects."""
        args = ["-r", pcap, "-T", "pdml"] + (["-2"] if two_pass else [])
        for p in prefs:
            args += ["-o", p]
        root = ET.fromstring(self.run(args))
        frames = []
        for packet in root.iter("packet"):
            frames.append([Message(proto) for proto in packet.findall("proto") if proto.get("name") == "sipdialog"])
        return frames

    def info_labels(self, pcap, two_pass=False, prefs=()):
        """Per frame, the bracketed labels in front of its Info column."""
        return [labels_of(info) for info in self.info_column(pcap, two_pass, prefs)]

    def info_column(self, pcap, two_pass=False, prefs=()):
        """Per frame, its Info column as tshark's summary lines show it."""
        # A summary line with the Info column alone (its field name changed
        # in 4.2, the column format did not).
        args = ["-r", pcap, "-o", 'gui.column.format:"Info","%i"'] + (["-2"] if two_pass else [])
        for p in prefs:
            args += ["-o", p]
        return [line.strip() for line in self.run(args).splitlines()]

    def expert_counts(self, pcap, two_pass=False):
        """-q -z expert: how many entries of each sipdialog summary."""
        out = self.run(["-r", pcap, "-q", "-z", "expert"] + (["-2"] if two_pass else []))
        counts = {}
        for line in out.splitlines():
            m = re.match(r"\s+(\d+)\s+\S+\s+SIPDIALOG\s+(.*)$", line)
            if m:
                counts[m.group(2)] = counts.get(m.group(2), 0) + int(m.group(1))
        return counts


SEVERITIES = {"Chat": "Chat", "Note": "Note", "Warning": "Warning", "Warn": "Warning", "Error": "Error"}


class Message:
    """One sipdialog subtree of a PDML packet: its generated fields (direct
    children) and its findings (the expert entries under analysis.flags)."""

    def __init__(self, proto):
        self.fields = {}
        for field in proto.findall("field"):
            name = field.get("name", "")
            if name.startswith("sipdialog.") and name != "sipdialog.analysis.flags":
                self.fields[name[len("sipdialog."):]] = field.get("show")
        self.findings = {}   # name (without "sipdialog.") -> severity
        for expert in proto.iter("field"):
            if expert.get("name") != "_ws.expert":
                continue
            m = re.search(r"Expert Info \((\w+)/(\w+)\)", expert.get("showname", ""))
            for entry in expert.findall("field"):
                name = entry.get("name", "")
                if m and name.startswith("sipdialog."):
                    self.findings[name[len("sipdialog."):]] = SEVERITIES.get(m.group(1), m.group(1))


_tshark = None


def tshark():
    """The staged tshark, shared by all tests of a run."""
    global _tshark
    if _tshark is None:
        _tshark = Tshark()
    return _tshark


# The label of a frame whose only news is a retransmission (plugin/wireshark/render.c).
RETRANSMISSION_LABEL = "SIP retransmission"


def labels_of(info):
    """The "[label] " prefixes of an Info column, in order."""
    return re.findall(r"\[([^\]]*)\] ", re.match(r"(?:\[[^\]]*\] )*", info).group(0))


Finding = collections.namedtuple("Finding", "severity group summary rfc label")


def findings_table():
    """name -> Finding(severity, group, summary, rfc, label), in the order of
    the one findings table."""
    out = subprocess.run([os.path.join(env_path("SIPDIALOG_BUILD_DIR"), "findings-md"), "findings"],
                         capture_output=True, text=True, check=True).stdout
    return parse_findings_table(out)


def parse_findings_table(text):
    table = {}
    for line in text.splitlines():
        m = re.match(r"\| `sipdialog\.([^`]+)` \| \[([^\]]+)\] \| (\w+) \| (\w+) \| (.*) \| (.*) \|$", line)
        if m:
            table[m.group(1)] = Finding(m.group(3), m.group(4), m.group(5), m.group(6), m.group(2))
    return table
