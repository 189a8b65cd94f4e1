#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The whole test suite: unit tests of the analysis core, integration tests of
# the plugin in tshark (run as an unprivileged user), the unit tests again
# under AddressSanitizer and UndefinedBehaviorSanitizer with two minutes of
# each fuzz target (the core's state machines, the SIP text parser), and the
# run-time matrix: the plugin built, tested and installed as a package in
# Wireshark 4.0, 4.4 and 4.6, each in a Debian root of its own (as root:
# through sudo otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."

tools/deps.sh test
jobs=$(nproc)

cmake -S . -B build/test -DSIPDIALOG_WERROR=ON >/dev/null
cmake --build build/test -j"$jobs"
ctest --test-dir build/test --output-on-failure -j"$jobs"

CC=clang cmake -S . -B build/sanitize -DCMAKE_BUILD_TYPE=Debug -DSIPDIALOG_WERROR=ON -DSIPDIALOG_SANITIZE=ON \
      -DSIPDIALOG_PLUGIN=OFF -DSIPDIALOG_FUZZ=ON >/dev/null
cmake --build build/sanitize -j"$jobs"
ctest --test-dir build/sanitize --output-on-failure -j"$jobs"

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" tests/matrix/run.sh
