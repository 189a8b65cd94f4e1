#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Benchmark sipdialog in tshark: what the plugin costs, and how that grows
with the capture.

For each scale, gen_bench.py makes (or the cache already has) a capture of
scale x 130,000 calls; tshark reads it with the plugin enabled and disabled
(--disable-protocol sipdialog), single-pass (-q -z expert), two-pass
(-2 -q -z expert) and with a tree built on both sides (-Y sip -q -z expert).
Each run is measured --repeat times, interleaved, and the median kept: wall
time, CPU time (user + system) and peak RSS of tshark.  Then callgrind counts
the instructions of one enabled and one disabled run with a tree on a capture
of 3,000 calls: the difference is the plugin's own work.

    run_bench.py                                   scales 1, 2 and 4, 3 runs each
    run_bench.py --scales 1 --repeat 1             a quick look
    run_bench.py --plugin build/other/sipdialog.so --workdir /var/tmp/bench

tshark ignores plugin folders when it runs as root, so as root it runs as
nobody (setpriv) on a copy of the plugin staged in --workdir, which must be
readable by nobody (/tmp is); WIRESHARK_PLUGIN_DIR hides any installed copy,
and the run stops unless tshark -G plugins shows the staged one.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
GENERATOR = os.path.join(HERE, "gen_bench.py")
NOBODY = 65534
RUN_TIMEOUT = 3600   # seconds, one tshark run

# "tree": a display filter makes tshark build a tree for every frame, with
# or without the plugin, so the ratio is the plugin's own work alone.
MODES = {"single-pass": ["-q", "-z", "expert"], "two-pass": ["-2", "-q", "-z", "expert"],
         "tree": ["-Y", "sip", "-q", "-z", "expert"]}
PLUGIN_STATES = {"enabled": [], "disabled": ["--disable-protocol", "sipdialog"]}

# What the plugin may cost (enabled / disabled; issue 17): the floor of a
# post-dissector that wants a field (a tree for every frame) is about 1.12
# single-pass and 1.08 two-pass, 1.01 when a tree is built anyway.
MAX_WALL = {"single-pass": 1.15, "two-pass": 1.11, "tree": 1.03}
MAX_RSS = 1.08
MAX_BYTES_PER_MESSAGE = 150
MAX_INSTRUCTIONS_PER_MESSAGE = 3000
# How runs may grow with the capture: at most 5% more than proportionally
# (4.2x for a 4x capture).
MAX_GROWTH_PER_SCALE = 1.05
# The capture callgrind counts the plugin's instructions on (tshark runs
# about 50 times slower under it).
INSTRUCTION_CALLS = 3000
INSTRUCTION_SEED = 7
INSTRUCTION_RUNS = 3


# -- captures -------------------------------------------------------------------

def file_digest(path):
    with open(path, "rb") as f:
        return hashlib.sha1(f.read()).hexdigest()[:12]


def scale_name(scale):
    return f"{scale:g}"


def capture_for(workdir, scale, seed, calls=None):
    """The capture for these parameters (a scale, or a number of calls), generated unless an identical
    generator already made it."""
    directory = os.path.join(workdir, "captures")
    os.makedirs(directory, exist_ok=True)
    os.chmod(directory, 0o755)
    digest = file_digest(GENERATOR)
    remove_stale_captures(directory, digest)
    size = f"calls{calls}" if calls else f"x{scale_name(scale)}"
    size_args = ["--calls", str(calls)] if calls else ["--scale", str(scale)]
    path = os.path.join(directory, f"bench-{size}-seed{seed}-{digest}.pcap")
    summary_path = path + ".txt"
    if not (os.path.exists(path) and os.path.exists(summary_path)):
        progress(f"generating {path}")
        summary = subprocess.run([sys.executable, GENERATOR, *size_args, "--seed", str(seed),
                                  "-o", path + ".part"], check=True, capture_output=True, text=True).stdout
        os.chmod(path + ".part", 0o644)
        os.replace(path + ".part", path)
        with open(summary_path, "w") as f:
            f.write(summary)
    with open(summary_path) as f:
        summary = f.read()
    return path, summary


def remove_stale_captures(directory, digest):
    """Captures of another version of the generator are never used again; they take gigabytes."""
    for name in os.listdir(directory):
        if name.startswith("bench-") and f"-{digest}.pcap" not in name:
            os.remove(os.path.join(directory, name))


def messages_in(summary):
    """How many SIP messages the generator's summary says the capture has."""
    return int(re.match(r"([\d,]+) SIP messages", summary).group(1).replace(",", ""))


def calls_of_kind(summary, kind):
    """How many calls of a kind the generator's summary counts."""
    m = re.search(rf"([\d,]+)\s+{kind} calls", summary)
    return int(m.group(1).replace(",", "")) if m else 0


def warm_page_cache(path):
    """Read the capture once, so that no measured run is the one that loads it from disk."""
    with open(path, "rb") as f:
        while f.read(1 << 24):
            pass


# -- tshark as an unprivileged user, with the staged plugin -----------------------------

class StagedTshark:
    def __init__(self, plugin, workdir):
        self.source = plugin
        self.version = subprocess.run(["tshark", "--version"], capture_output=True, text=True,
                                      check=True).stdout.splitlines()[0]
        self.root = os.path.join(workdir, "stage")
        shutil.rmtree(self.root, ignore_errors=True)
        plugin_dir = os.path.join(self.root, "plugins", wireshark_abi(self.version), "epan")
        os.makedirs(plugin_dir)
        self.plugin = shutil.copy(plugin, plugin_dir)
        for name in ("home", "config"):
            os.makedirs(os.path.join(self.root, name))
        make_world_readable(workdir)
        self.env = dict(os.environ, HOME=os.path.join(self.root, "home"),
                        WIRESHARK_PLUGIN_DIR=os.path.join(self.root, "plugins"),
                        WIRESHARK_CONFIG_DIR=os.path.join(self.root, "config"), LC_ALL="C.UTF-8")
        self.prefix = []
        if os.geteuid() == 0:
            self.prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
            for name in ("home", "config"):
                os.chown(os.path.join(self.root, name), NOBODY, NOBODY)
        self.check_plugin_loaded()

    def command(self, args):
        return self.prefix + ["tshark"] + args

    def run(self, args):
        return subprocess.run(self.command(args), env=self.env, capture_output=True, text=True, check=True,
                              timeout=RUN_TIMEOUT).stdout

    def check_plugin_loaded(self):
        out = self.run(["-G", "plugins"])
        for line in out.splitlines():
            cols = [c.strip() for c in line.split("\t")]
            if cols[0] == "sipdialog.so" and cols[-1] == self.plugin:
                return
        sys.exit(f"tshark did not load {self.plugin}; tshark -G plugins said:\n{out}")

    def instructions(self, args, out_path):
        """Instructions tshark executes (callgrind's Ir), its whole run."""
        command = self.prefix + ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out_path}", "tshark"] + args
        proc = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=RUN_TIMEOUT)
        collected = re.search(r"Collected : (\d+)", proc.stderr)
        if proc.returncode != 0 or collected is None:
            sys.exit(f"{' '.join(command)} failed:\n{proc.stderr}")
        return int(collected.group(1))

    def measure(self, args, stdout_path):
        """Run tshark once; its wall time, CPU time and peak RSS, from wait4's resource usage.
        setpriv and env exec tshark, so the child waited for is tshark itself."""
        stderr_path = stdout_path + ".stderr"
        actions = [(os.POSIX_SPAWN_OPEN, 1, stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
                   (os.POSIX_SPAWN_OPEN, 2, stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
        command = self.command(args)
        began = time.perf_counter()
        pid = os.posix_spawnp(command[0], command, self.env, file_actions=actions)
        watchdog = threading.Timer(RUN_TIMEOUT, os.kill, (pid, signal.SIGKILL))
        watchdog.start()
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - began
        watchdog.cancel()
        if os.waitstatus_to_exitcode(status) != 0:
            with open(stderr_path) as f:
                sys.exit(f"{' '.join(command)} failed ({status:#x}):\n{f.read()}")
        return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss * 1024}


def make_world_readable(top):
    os.chmod(top, 0o755)
    for dirpath, dirnames, filenames in os.walk(top):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), 0o755)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o644)


def wireshark_abi(version):
    """The plugin folder's version: major.minor of the tshark on the PATH."""
    return re.search(r"(\d+\.\d+)\.\d+", version).group(1)


# -- what the plugin produced ------------------------------------------------------

SEVERITY_SECTIONS = {"Errors": "Error", "Warns": "Warning", "Notes": "Note", "Chats": "Chat"}


def sipdialog_findings(expert_output):
    """The sipdialog rows of a -z expert table: (severity, count, summary)."""
    rows, severity = [], None
    for line in expert_output.splitlines():
        section = re.match(r"(\w+) \(\d+\)$", line)
        if section:
            severity = SEVERITY_SECTIONS.get(section.group(1), section.group(1))
            continue
        row = re.match(r"\s+(\d+)\s+\S+\s+SIPDIALOG\s+(.*)$", line)
        if row:
            rows.append((severity, int(row.group(1)), row.group(2)))
    return rows


def analysed_frames(tshark, capture):
    """SIP frames, and how many of them carry a sipdialog subtree (one single-pass read)."""
    out = tshark.run(["-r", capture, "-Y", "sip", "-T", "fields", "-e", "sipdialog.call"])
    lines = out.splitlines()
    return len(lines), sum(1 for line in lines if line.strip())


# -- the benchmark ---------------------------------------------------------------------

def output_path(workdir, scale, mode, state):
    """Where the last run of a configuration leaves its output."""
    return os.path.join(workdir, "output", f"x{scale_name(scale)}-{mode}-{state}.txt")


class ScaleResult:
    """The runs of one capture: medians per (mode, plugin state), and the distinct numbers of
    sipdialog expert entries the runs of each configuration found."""

    def __init__(self, samples, entries):
        self.entries = entries
        self.medians = {}
        for key, runs in samples.items():
            self.medians[key] = {k: statistics.median(run[k] for run in runs) for k in ("wall", "cpu", "rss")}
            self.medians[key]["wall_range"] = (min(run["wall"] for run in runs), max(run["wall"] for run in runs))


def run_scale(tshark, workdir, scale, capture, repeat):
    """Every configuration `repeat` times, interleaved so that a slow spell of the machine hits them all."""
    samples = {(mode, state): [] for mode in MODES for state in PLUGIN_STATES}
    entries = {key: set() for key in samples}
    os.makedirs(os.path.join(workdir, "output"), exist_ok=True)
    for run in range(repeat):
        for mode, mode_args in MODES.items():
            for state, state_args in PLUGIN_STATES.items():
                stdout_path = output_path(workdir, scale, mode, state)
                m = tshark.measure(["-r", capture] + mode_args + state_args, stdout_path)
                with open(stdout_path) as f:
                    found = sum(count for _, count, _ in sipdialog_findings(f.read()))
                samples[mode, state].append(m)
                entries[mode, state].add(found)
                progress(f"x{scale_name(scale)} run {run + 1}/{repeat} {mode:<11} {state:<8} "
                         f"wall {m['wall']:7.2f} s  cpu {m['cpu']:7.2f} s  rss {m['rss'] / 2**20:7.0f} MiB  "
                         f"sipdialog expert entries {found:,}")
    return ScaleResult(samples, entries)


def verdict(value, limit, form=".2f"):
    return f"(target <= {limit:{form}}: {'ok' if value <= limit else 'MISSED'})"


def print_setup(tshark, load_before):
    print("== Setup")
    print(f"plugin {tshark.source} (sha1 {file_digest(tshark.source)}), {tshark.version}")
    print(f"{os.cpu_count()} CPUs, load average {load_before:.2f} before the runs (tshark uses one CPU; "
          "anything else running adds noise)")


def print_captures(summaries, coverage):
    print("\n== Captures")
    for scale, summary in sorted(summaries.items()):
        print(f"x{scale_name(scale)}: {summary.splitlines()[0]}")
    scale, sip_frames, analysed = coverage
    print(f"x{scale_name(scale)}: {analysed:,} of {sip_frames:,} SIP frames carry a sipdialog subtree")


def print_medians(results):
    print("\n== Medians")
    print(f"{'scale':>5}  {'mode':<11}  {'plugin':<8}  {'wall s':>8}  {'(min-max)':>15}  {'cpu s':>8}  "
          f"{'peak RSS MiB':>12}  sipdialog expert entries")
    for scale, result in sorted(results.items()):
        for (mode, state), m in result.medians.items():
            found = ", ".join(f"{n:,}" for n in sorted(result.entries[mode, state]))
            spread = "({:.2f}-{:.2f})".format(*m["wall_range"])
            print(f"{'x' + scale_name(scale):>5}  {mode:<11}  {state:<8}  {m['wall']:8.2f}  {spread:>15}  "
                  f"{m['cpu']:8.2f}  {m['rss'] / 2**20:12.0f}  {found}")


def print_overhead(results, summaries):
    print("\n== Cost of the plugin (enabled / disabled)")
    for scale, result in sorted(results.items()):
        messages = messages_in(summaries[scale])
        for mode in MODES:
            on, off = result.medians[mode, "enabled"], result.medians[mode, "disabled"]
            wall, cpu, rss = (on[k] / off[k] for k in ("wall", "cpu", "rss"))
            per_message = (on["rss"] - off["rss"]) / messages
            print(f"x{scale_name(scale):<4} {mode:<11}  wall {wall:.3f} {verdict(wall, MAX_WALL[mode])}  "
                  f"cpu {cpu:.3f}  rss {rss:.3f} {verdict(rss, MAX_RSS)}  "
                  f"{per_message:.0f} bytes a message {verdict(per_message, MAX_BYTES_PER_MESSAGE, '.0f')}")


def print_instructions(counted):
    if counted is None:
        return
    messages, runs = counted
    enabled, disabled = statistics.median(runs["enabled"]), statistics.median(runs["disabled"])
    per_message = (enabled - disabled) / messages
    print(f"\n== The plugin's own instructions (callgrind, {' '.join(MODES['tree'])}, {messages:,} messages)")
    for state in PLUGIN_STATES:
        print(f"{state}: " + ", ".join(f"{count / 1e6:,.1f} M" for count in runs[state]))
    print(f"medians: {per_message:,.0f} a message {verdict(per_message, MAX_INSTRUCTIONS_PER_MESSAGE, ',.0f')}; "
          f"the whole run {enabled / disabled:.3f}")


def count_instructions(tshark, workdir, seed):
    """The plugin's own instructions: enabled minus disabled, both building the same tree.  Each is
    counted INSTRUCTION_RUNS times: tshark's own count differs from run to run by a few million (its
    wmem maps hash with a random multiplier), a couple of hundred instructions a message."""
    path, summary = capture_for(workdir, None, seed, calls=INSTRUCTION_CALLS)
    runs = {state: [] for state in PLUGIN_STATES}
    for run in range(INSTRUCTION_RUNS):
        for state, state_args in PLUGIN_STATES.items():
            progress(f"callgrind: {state} ({run + 1} of {INSTRUCTION_RUNS})")
            # in the staged home: tshark runs as nobody
            runs[state].append(tshark.instructions(["-r", path] + MODES["tree"] + state_args,
                                                   os.path.join(tshark.root, "home", f"callgrind-{state}.out")))
    return messages_in(summary), runs


def print_growth(results):
    """Each scale against the smallest; the target applies to the memory of the enabled runs (wall
    time grows faster than linearly for tshark itself on these VMs: the disabled runs show how much of
    the growth is tshark's own; tests/scale counts the plugin's instructions on growing captures)."""
    scales = sorted(results)
    if len(scales) < 2:
        return
    base = scales[0]
    print(f"\n== Growth with the capture (relative to x{scale_name(base)})")
    for state in PLUGIN_STATES:
        for mode in MODES:
            for scale in scales[1:]:
                first, this = results[base].medians[mode, state], results[scale].medians[mode, state]
                wall, cpu, rss = (this[k] / first[k] for k in ("wall", "cpu", "rss"))
                limit = MAX_GROWTH_PER_SCALE * scale / base
                target = f" {verdict(rss, limit)}" if state == "enabled" else ""
                print(f"{state:<8} {mode:<11} x{scale_name(scale):<3} wall {wall:.2f}x  cpu {cpu:.2f}x  "
                      f"rss {rss:.2f}x{target}")


def check_plugin_output(results, summaries, workdir):
    """The numbers mean something only if every enabled run analysed the capture, the same way,
    and no disabled run did.  What it found is shown, to be judged against the capture's flows."""
    problems = []
    for scale, result in results.items():
        for (mode, state), found in result.entries.items():
            if (state == "enabled" and (len(found) != 1 or 0 in found)) or (state == "disabled" and found != {0}):
                problems.append(f"x{scale_name(scale)} {mode} {state}: "
                                f"{', '.join(f'{n:,}' for n in sorted(found))} sipdialog expert entries")
    print("\n== Plugin output: " + ("UNEXPECTED" if problems else "every enabled run found the same, "
                                                                 "no disabled run found anything"))
    for p in problems:
        print("  " + p)

    smallest = min(results)
    summary = summaries[smallest]
    print(f"x{scale_name(smallest)} has {calls_of_kind(summary, 'auth'):,} 407-challenged calls and "
          f"{calls_of_kind(summary, 'fork'):,} forked ones; the plugin found:")
    for mode in MODES:
        with open(output_path(workdir, smallest, mode, "enabled")) as f:
            rows = sipdialog_findings(f.read())
        print(f"  {mode}:")
        for severity, count, text in rows:
            print(f"    {severity:<8} {count:>9,}  {text}")
        if any(severity in ("Error", "Warning") for severity, _, _ in rows):
            print("    (the flows are protocol-correct: each Error or Warning above should be one the plugin "
                  "means to give on a correct flow)")
    return not problems


def progress(text):
    print(text, file=sys.stderr, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plugin", default=os.path.join(SOURCE_DIR, "build", "bench", "sipdialog.so"))
    ap.add_argument("--scales", default="1,2,4", help="comma-separated capture scales (default 1,2,4)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is kept (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", default="/tmp/sipdialog-bench",
                    help="captures (cached), staged plugin and outputs (default /tmp/sipdialog-bench)")
    ap.add_argument("--json", help="also write the medians to this file")
    ap.add_argument("--no-instructions", action="store_true",
                    help="skip counting the plugin's instructions under callgrind (a few minutes)")
    args = ap.parse_args()
    scales = sorted(float(s) for s in args.scales.split(","))
    workdir = os.path.abspath(args.workdir)
    os.makedirs(workdir, exist_ok=True)

    captures, summaries = {}, {}
    for scale in scales:
        captures[scale], summaries[scale] = capture_for(workdir, scale, args.seed)
    tshark = StagedTshark(os.path.abspath(args.plugin), workdir)
    progress(f"tshark loads {tshark.plugin}")
    load_before = os.getloadavg()[0]

    progress("checking which SIP frames the plugin analyses")
    warm_page_cache(captures[scales[0]])
    coverage = (scales[0], *analysed_frames(tshark, captures[scales[0]]))

    results = {}
    for scale in scales:
        warm_page_cache(captures[scale])
        results[scale] = run_scale(tshark, workdir, scale, captures[scale], args.repeat)
    counted = None if args.no_instructions else count_instructions(tshark, workdir, INSTRUCTION_SEED)
    print_setup(tshark, load_before)
    print_captures(summaries, coverage)
    print_medians(results)
    print_overhead(results, summaries)
    print_instructions(counted)
    print_growth(results)
    ok = check_plugin_output(results, summaries, workdir)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({scale_name(scale): {f"{mode} {state}": m for (mode, state), m in result.medians.items()}
                       for scale, result in results.items()}, f, indent=2)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
