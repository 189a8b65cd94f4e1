#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Wireshark's GUI driven as a user drives it, under Xvfb: open a capture,
open a second one (File › Open), reopen the first: each shows the same
analysis as when Wireshark started on it, nothing carried from one file to
the next; then change a preference (packet details › right click ›
Protocol Preferences) and back: the analysis follows.

    tests/gui/session.py        (through ctest: it needs the integration tests' environment)

What Wireshark's dissection put in each frame's sipdialog subtree is read
by a Lua tap loaded into the GUI (observer.lua): every pass over the
capture (opening a file, re-dissecting it) writes one record of it.
"""

import os
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from screenshots import TIMEOUT, Gui, wstest, x  # noqa: E402

FIRST = "stats-four-calls.pcap"     # errors, warnings, chats, four Call-IDs
SECOND = "rfc3665-two-proxies-407.pcap"

# Where things are in the main window as screenshots.py lays it out (packet
# list over details, the window filling the screen): the second row of the
# packet list, and the sixth item of the packet details (Frame, Ethernet,
# IP, UDP, SIP, then the sipdialog subtree of a SIP message over UDP).
PACKET_LIST_ROW_2 = (300, 140)
DETAILS_ITEM_6 = (200, 438)


class Session:
    def __init__(self, gui):
        self.gui = gui
        ts = gui.tshark
        self.log = os.path.join(ts.root, "observer.log")
        self.lua = os.path.join(ts.root, "observer.lua")
        shutil.copyfile(os.path.join(HERE, "observer.lua"), self.lua)
        os.chmod(self.lua, 0o644)
        self.passes_read = 0

    def start(self, capture):
        """A fresh Wireshark on `capture`, with the observer; its first pass."""
        with open(self.log, "w"):
            pass
        os.chmod(self.log, 0o666)
        self.passes_read = 0
        self.gui.start(capture, ["-X", f"lua_script:{self.lua}"], env={"SIPDIALOG_GUI_LOG": self.log})
        self.main = self.gui.window(capture)
        return self.next_pass()

    def passes(self):
        """The completed passes so far: [{frame: sipdialog items}]."""
        with open(self.log) as f:
            lines = f.read().splitlines()
        done, current = [], None
        for line in lines:
            if line == "reset":
                current = {}
            elif line == "draw":
                if current is not None:
                    done.append(current)
                current = None
            elif current is not None:
                frame, _, items = line.partition(" ")
                current[int(frame)] = items
        return done

    def next_pass(self):
        """The next pass over the capture, once Wireshark has drawn it."""
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            done = self.passes()
            if len(done) > self.passes_read:
                time.sleep(1)   # a pass may be drawn more than once: take the latest
                done = self.passes()
                self.passes_read = len(done)
                return done[-1]
            time.sleep(0.5)
        raise AssertionError(f"no new pass of the observer in {self.log}")

    def open_file(self, capture):
        """File › Open (Ctrl+O), the file name typed, Enter."""
        path = self.gui.tshark.stage(os.path.join(wstest.SOURCE_DIR, "captures", capture))
        deadline = time.time() + TIMEOUT
        while True:
            # On a busy machine the first key may come before the window takes it.
            self.gui.click(*PACKET_LIST_ROW_2, "ctrl+o")
            try:
                dialog = self.gui.window("Open Capture File", timeout=10)
                break
            except AssertionError:
                if time.time() > deadline:
                    raise
        x("xdotool", "type", "--window", dialog, "--delay", "20", path)
        x("xdotool", "key", "Return")
        self.main = self.gui.window(capture)
        return self.next_pass()

    def toggle_show_chat(self):
        """Frame 2, right click on its sipdialog subtree › Protocol
        Preferences › Show Chat-level findings."""
        self.gui.click(*PACKET_LIST_ROW_2)
        x("xdotool", "mousemove", str(DETAILS_ITEM_6[0]), str(DETAILS_ITEM_6[1]), "click", "3")
        time.sleep(1)
        for key in MENU_PATH:
            x("xdotool", "key", key)
            time.sleep(0.3)
        return self.next_pass()


# In Wireshark 4.0's context menu of a packet details item: up from the
# bottom (Decode As) to Protocol Preferences, into it (Open SIP Dialog
# Analysis preferences), down past T1, T2 and Tolerance to Show Chat-level
# findings, toggle it.
MENU_PATH = ["Up", "Up", "Right", "Down", "Down", "Down", "Down", "Return"]


def without_chats(analysis, findings, chats):
    """What the analysis shows with the Chats hidden: no Chat finding, and no
    Findings item where they were the only findings."""
    hidden = {}
    for frame, items in analysis.items():
        kept = [i for i in items.split() if i.split("=")[0] not in chats]
        if not any(i.split("=")[0] in findings for i in kept):
            kept = [i for i in kept if i.split("=")[0] != "sipdialog.analysis.flags"]
        hidden[frame] = " ".join(kept)
    return hidden


def main():
    table = wstest.findings_table()
    findings = {"sipdialog." + name for name in table}
    chats = {"sipdialog." + name for name, f in table.items() if f.severity == "Chat"}
    gui = Gui()
    failures = []

    def check(what, got, want):
        if got != want:
            lines = [f"  frame {n}: {want.get(n)!r} -> {got.get(n)!r}"
                     for n in sorted(set(got) | set(want)) if got.get(n) != want.get(n)]
            failures.append(f"{what}:\n" + "\n".join(lines))
        print(f"{what}: {'same' if got == want else 'DIFFERENT'}")

    try:
        session = Session(gui)
        fresh_second = session.start(SECOND)
        first = session.start(FIRST)
        if not any(any(c in items for c in chats) for items in first.values()):
            failures.append(f"{FIRST} shows no Chat finding: the preference test would prove nothing")
        check(f"{SECOND} opened after {FIRST}", session.open_file(SECOND), fresh_second)
        check(f"{FIRST} reopened", session.open_file(FIRST), first)
        check("show_chat turned off", session.toggle_show_chat(), without_chats(first, findings, chats))
        check("show_chat turned on again", session.toggle_show_chat(), first)
    finally:
        gui.close()
        if failures:
            print("\n".join(failures), file=sys.stderr)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
