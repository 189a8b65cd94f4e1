#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Wireshark's GUI with the plugin, under Xvfb: the screenshots of the README.

    tests/gui/screenshots.py             check the scenes, screenshots in a scratch folder
    tests/gui/screenshots.py --update    and replace the README's images (docs/images)

Run through ctest (it needs the environment of the integration tests).  Each
scene starts Wireshark (Debian's wireshark-qt) on a bundled capture, as
nobody when run as root (Wireshark then ignores plugin folders, like tshark),
brings up what the README shows and saves that window.  A scene fails when
its window never appears (without the plugin, Wireshark rejects
-z sipdialog,...) or when the screenshot lacks the colour Wireshark gives an
item with an Error expert entry.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import wstest  # noqa: E402

IMAGES = os.path.join(wstest.SOURCE_DIR, "docs", "images")
DISPLAY = None   # the Xvfb display, chosen by Xvfb among the free ones
SCREEN = (1900, 1300)   # wide enough for every column of the dialogs table
ERROR_COLOUR = bytes.fromhex("ff5c5c")   # Wireshark's background of an item with an Error expert entry
MIN_PIXELS = 500                          # of that colour, for an item that has it
TIMEOUT = 60

# The layout the screenshots are taken in: packet list over packet details
# (no bytes pane), the main window filling the screen.
PREFERENCES = "gui.layout_content_3: NONE\n"
RECENT = ("gui.geometry_main_x: 0\ngui.geometry_main_y: 0\n"
          "gui.geometry_main_width: 1600\ngui.geometry_main_height: 1000\n"
          "gui.geometry_main_maximized: FALSE\n")
PANES = "gui.geometry_main_upper_pane: 250\n"


def x(*args, check=True):
    return subprocess.run(list(args), env=dict(os.environ, DISPLAY=DISPLAY), capture_output=True, text=True,
                          check=check).stdout


class Gui:
    def __init__(self):
        global DISPLAY
        self.tshark = wstest.tshark()   # stages the plugin and checks that it loads
        # A display of our own: other test runs on the machine may have an
        # Xvfb of theirs, and a fixed number would drive their windows.
        # Xvfb picks a free one and writes its number into the pipe.  An X
        # server resets when its last client leaves, and refuses connections
        # while it does: without -noreset, a Wireshark started just after the
        # previous one quit (or after the readiness check below) may find no
        # display.
        read_end, write_end = os.pipe()
        self.xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0",
                                      f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp", "-noreset"],
                                     pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write_end)
        with os.fdopen(read_end) as f:
            number = f.readline().strip()
        if not number.isdigit():
            raise RuntimeError("Xvfb did not start")
        DISPLAY = f":{number}"
        self.wireshark = None
        deadline = time.time() + TIMEOUT
        # Ready once the user Wireshark runs as (nobody, as root) can connect.
        while subprocess.run(self.tshark.prefix + ["xdpyinfo"], env=dict(os.environ, DISPLAY=DISPLAY),
                             capture_output=True).returncode != 0:
            if time.time() > deadline or self.xvfb.poll() is not None:
                raise RuntimeError(f"Xvfb did not start on {DISPLAY}")
            time.sleep(0.2)

    def close(self):
        self.quit()
        self.xvfb.terminate()
        self.xvfb.wait()

    def start(self, capture, args, files=(), env=None):
        """Wireshark on a fresh configuration (plus `files`, name -> text),
        reading a bundled capture."""
        self.quit()
        config = tempfile.mkdtemp(prefix="config-", dir=self.tshark.root)
        runtime = tempfile.mkdtemp(prefix="runtime-", dir=self.tshark.root)
        for name, text in (("preferences", PREFERENCES), ("recent_common", RECENT), ("recent", PANES), *files):
            with open(os.path.join(config, name), "w") as f:
                f.write(text)
        if os.geteuid() == 0:
            for path in (config, runtime, *[os.path.join(config, n) for n in os.listdir(config)]):
                os.chown(path, wstest.NOBODY, wstest.NOBODY)
        os.chmod(config, 0o755)
        env = dict(self.tshark.env, DISPLAY=DISPLAY, WIRESHARK_CONFIG_DIR=config, XDG_RUNTIME_DIR=runtime,
                   **(env or {}))
        pcap = self.tshark.stage(os.path.join(wstest.SOURCE_DIR, "captures", capture))
        self.log = open(os.path.join(config, "wireshark.log"), "w+")
        self.wireshark = subprocess.Popen(self.tshark.prefix + ["wireshark", "-r", pcap] + args, env=env,
                                          stdout=self.log, stderr=subprocess.STDOUT)

    def quit(self):
        if self.wireshark is not None:
            self.wireshark.terminate()
            self.wireshark.wait()
            self.wireshark = None

    def window(self, title, timeout=TIMEOUT):
        """The id of the visible window whose title contains `title`, once it shows."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if x("xdotool", "search", "--onlyvisible", "--name", title, check=False).split():
                time.sleep(2)   # let it finish drawing
                # A window that showed for a moment (a progress dialog while
                # the file loads) may be gone: take one that is still there.
                ids = x("xdotool", "search", "--onlyvisible", "--name", title, check=False).split()
                if ids:
                    return ids[-1]
            if self.wireshark.poll() is not None:
                break
            time.sleep(0.5)
        self.log.seek(0)
        raise AssertionError(f"no window {title!r}; Wireshark said:\n{self.log.read()}")

    def place(self, window, width, height):
        x("xdotool", "windowmove", window, "0", "0", "windowsize", window, str(width), str(height))
        time.sleep(1)

    def click(self, px, py, *keys, clicks=1):
        """Click at a screen position, then type keys (there is no window
        manager: focus follows the click)."""
        x("xdotool", "mousemove", str(px), str(py), "click", "--repeat", str(clicks), "1")
        for key in keys:
            time.sleep(0.3)
            x("xdotool", "key", key)
        time.sleep(1)

    def save(self, window, path, colour=None):
        """A screenshot of the window, once it has been drawn (on a busy
        machine a window may still be black, or not yet coloured, for a
        while after it shows): with pixels of `colour`, if given."""
        deadline = time.time() + TIMEOUT
        while True:
            x("import", "-window", window, path)
            drawn = x("identify", "-format", "%k", path) != "1"
            if (drawn and (colour is None or pixels_of(path, colour) >= MIN_PIXELS)) or time.time() > deadline:
                return path
            time.sleep(1)


def pixels_of(path, colour):
    rgb = subprocess.run(["stream", "-map", "rgb", "-storage-type", "char", path, "-"], capture_output=True,
                         check=True).stdout
    return sum(1 for i in range(0, len(rgb) - 2, 3) if rgb[i:i + 3] == colour)


def colouring_rule():
    """The README's colouring rule for the plugin's errors."""
    with open(os.path.join(wstest.SOURCE_DIR, "README.md"), encoding="utf-8") as f:
        return re.search(r"^@SIP dialog error@.*$", f.read(), re.M).group(0) + "\n"


def packet_list(gui, out):
    """Four calls in the packet list: the Info labels, and the README's
    colouring rule on the 2xx never ACKed."""
    gui.start("stats-four-calls.pcap", [], files=[("colorfilters", colouring_rule()),
                                                  ("recent", "gui.geometry_main_upper_pane: 640\n")])
    window = gui.window("stats-four-calls.pcap")
    gui.place(window, 1300, 760)
    return gui.save(window, os.path.join(out, "packet-list.png"), ERROR_COLOUR)


def packet_details(gui, out):
    """The ACK never came: frame 4's sipdialog subtree, expanded."""
    gui.start("ack-missing-32s.pcap", ["-g", "4"])
    window = gui.window("ack-missing-32s.pcap")
    gui.place(window, 1200, 900)
    # Packet details fill the lower half: click there, select its last
    # top-level item (the sipdialog subtree) and expand it with its children.
    gui.click(600, 700, "End", "shift+Right")
    return gui.save(window, os.path.join(out, "packet-details.png"), ERROR_COLOUR)


def expert_information(gui, out):
    gui.start("stats-four-calls.pcap", ["-z", "expert"])
    window = gui.window("Expert Information")
    gui.place(window, 1400, 300)
    gui.click(60, 42, "asterisk")     # open the Error group
    gui.click(540, 21, clicks=2)      # fit the Summary column to its texts
    gui.click(60, 58)                 # select the Error's frame
    return gui.save(window, os.path.join(out, "expert-information.png"), ERROR_COLOUR)


def dialogs_table(gui, out):
    gui.start("stats-four-calls.pcap", ["-z", "sipdialog,dialogs"])
    window = gui.window("SIP Dialogs")
    gui.place(window, 1880, 240)
    return gui.save(window, os.path.join(out, "dialogs-table.png"))


def findings_table(gui, out):
    gui.start("stats-four-calls.pcap", ["-z", "sipdialog,stat"])
    window = gui.window("SIP Dialog Findings")
    gui.place(window, 1250, 1010)
    return gui.save(window, os.path.join(out, "findings-table.png"))


SCENES = [packet_list, packet_details, expert_information, dialogs_table, findings_table]
SHOWS_AN_ERROR = {packet_list, packet_details, expert_information}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="write the images into docs/images")
    args = parser.parse_args()
    out = tempfile.mkdtemp(prefix="sipdialog-gui-")
    gui = Gui()
    failures = []
    try:
        for scene in SCENES:
            path = scene(gui, out)
            red = pixels_of(path, ERROR_COLOUR)
            print(f"{scene.__name__}: {os.path.basename(path)}, {red} pixels of the Error colour")
            if scene in SHOWS_AN_ERROR and red < MIN_PIXELS:
                failures.append(f"{scene.__name__}: no item coloured as an Error expert entry")
    finally:
        gui.close()
    if failures:
        sys.exit("\n".join(failures))
    if args.update:
        os.makedirs(IMAGES, exist_ok=True)
        for name in os.listdir(out):
            shutil.copy(os.path.join(out, name), IMAGES)
        print(f"updated {IMAGES}")
    shutil.rmtree(out)


if __name__ == "__main__":
    main()
