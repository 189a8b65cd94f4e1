#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the Debian 12 packages sipdialog needs (with sudo when not root):
#   tools/deps.sh          to build, install and run the plugin
#   tools/deps.sh test     also what the test suite needs
set -euo pipefail

packages=(build-essential cmake pkg-config libglib2.0-dev wireshark-dev tshark python3)
if [ "${1:-}" = test ]; then
    # setpriv runs tshark unprivileged; kamailio, baresip and SIPp
    # (sip-tester) are the real SIP stacks of tests/realstack
    # (kamailio-presence-modules: its presence server, with db_text from the
    # kamailio package); clang and its runtime build the fuzzer; valgrind
    # checks the plugin's memory in tshark and counts the scale tests'
    # instructions; Wireshark's GUI runs under Xvfb, driven by xdotool, for
    # the screenshots (tests/gui); mmdebstrap makes the Debian roots of the
    # run-time matrix (tests/matrix).
    packages+=(util-linux kamailio kamailio-presence-modules baresip-core sip-tester clang libclang-rt-14-dev valgrind
               wireshark-qt xvfb x11-utils xdotool imagemagick mmdebstrap)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing: ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
