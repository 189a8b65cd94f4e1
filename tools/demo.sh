#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Set everything up on a Debian 12 machine and show the plugin at work:
# install the build dependencies, build, install the plugin where your
# tshark loads it, and print the findings on a bundled capture.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/deps.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j"$(nproc)"
cmake --install build/release

capture=captures/cseq-info-lower.pcap
echo
echo "== $capture: the SIP messages with findings, and their sipdialog analysis"
tshark -r "$capture" -Y sipdialog.analysis.flags -O sipdialog
echo "== Expert information of the whole capture"
tshark -r "$capture" -q -z expert
