#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Inside one root of the matrix (tests/matrix/run.sh), as its root user:
# build the plugin against the root's wireshark-dev with warnings as errors,
# check which compatibility branches it took, run the unit and integration
# tests in the root's tshark and sharkd (as nobody: wstest.py), make the
# packages, install the .deb with apt and check that tshark loads it from
# the system plugin folder, then remove it.
#
#   in-root.sh MAJOR.MINOR "NAME=0|1 ..."      (the release and branches expected)
set -euo pipefail
want_version=$1
want_branches=$2
src=/sipdialog/src
build=/sipdialog/build
cd /

step() { echo "-- $(date +%T) $*"; }

# A run that failed half-way may have left its package installed.
dpkg -r wireshark-plugin-sipdialog >/dev/null 2>&1 || true

version=$(tshark --version 2>/dev/null | sed -n '1s/^TShark (Wireshark) \([0-9]*\.[0-9]*\)\..*/\1/p')
step "tshark $(tshark --version 2>/dev/null | head -1 | cut -d' ' -f3-) ($(dpkg-query -W -f='${Version}' tshark))"
[ "$version" = "$want_version" ] || { echo "error: this root has Wireshark $version, not $want_version" >&2; exit 1; }

# A clean build, so that the log shows every warning: -Werror turns the
# compiler's into errors, --no-undefined makes the linker check that every
# symbol the module uses is in this release's libraries (not only declared
# in its headers), and the count catches the linker's warnings.
step "build against wireshark-dev $(dpkg-query -W -f='${Version}' wireshark-dev)"
rm -rf "$build"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPDIALOG_WERROR=ON \
      -DCMAKE_MODULE_LINKER_FLAGS=-Wl,--no-undefined >"$build.configure.log" 2>&1 \
    || { cat "$build.configure.log"; exit 1; }
grep -E "^-- (Building the plugin|Packages for)" "$build.configure.log"
# The build's own status, taken before anything else runs (`|| true` after
# the pipeline would reset PIPESTATUS and hide a failed build).
set +e
cmake --build "$build" -j2 2>&1 | tee "$build.log" | grep -E "warning|error|Built target"
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || { echo "error: the build failed" >&2; exit 1; }
warnings=$(grep -ci 'warning' "$build.log" || true)
[ "$warnings" -eq 0 ] || { echo "error: the build has $warnings warnings" >&2; exit 1; }

# Which side of each difference between releases this build took.
cached() { grep -E "^$1:INTERNAL=" "$build/CMakeCache.txt" | cut -d= -f2; }
exported() { nm -D --defined-only "$build/sipdialog.so" | awk '{print $3}' | grep -qx "$1" && echo 1 || echo 0; }
branches="SD_HAVE_TELEPHONY_GROUPS=$([ "$(cached SD_HAVE_TELEPHONY_GROUPS)" = 1 ] && echo 1 || echo 0)"
branches+=" SD_BOOL_PREFERENCES=$([ "$(cached SD_BOOL_PREFERENCES)" = 1 ] && echo 1 || echo 0)"
branches+=" plugin_describe=$(exported plugin_describe)"
step "branches: $branches"
[ "$branches" = "$want_branches" ] || { echo "error: expected the branches $want_branches" >&2; exit 1; }

# The tests, in this release's tshark and sharkd.
step "unit and integration tests"
corpus=()
[ -d /sipdialog/corpus ] && corpus=(SIPDIALOG_CORPUS=/sipdialog/corpus)
env "${corpus[@]}" ctest --test-dir "$build" -R '^(unit_.*|integration)$' --output-on-failure -j2

step "packages"
cmake --build "$build" --target package >"$build.package.log" 2>&1 || { cat "$build.package.log"; exit 1; }
rm -rf /sipdialog/packages
mkdir -p /sipdialog/packages
cp "$build"/packages/*.deb "$build"/packages/*.tar.gz /sipdialog/packages/
deb=$(ls /sipdialog/packages/*.deb)
dpkg-deb -f "$deb" Package Version Depends | sed 's/^/   /'
tar -tzf /sipdialog/packages/*.tar.gz | sed 's/^/   /'

# Installed by apt, the plugin is in the system plugin folder, the one tshark
# reads even as root, and analyses a capture there.
step "install $(basename "$deb")"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >/sipdialog/apt.log 2>&1 \
    || { cat /sipdialog/apt.log; exit 1; }
so=$(dpkg -L wireshark-plugin-sipdialog | grep '/sipdialog\.so$')
case $so in
    /usr/lib/*/wireshark/plugins/"$version"/epan/sipdialog.so) ;;
    *) echo "error: the package puts the plugin in $so" >&2; exit 1 ;;
esac
tshark -G plugins 2>/dev/null | grep -P "^sipdialog\.so\s*\t" | tee /sipdialog/plugins.txt
grep -qP "\t\Q$so\E$" /sipdialog/plugins.txt || { echo "error: tshark does not load $so" >&2; exit 1; }
labelled=$(tshark -r "$src/captures/ack-missing-32s.pcap" -2 -Y sipdialog.ack.missing 2>/dev/null)
echo "   $labelled"
grep -q '\[2xx not ACKed\]' <<<"$labelled" || { echo "error: the installed plugin does not label frame 4" >&2; exit 1; }
DEBIAN_FRONTEND=noninteractive apt-get remove -y -q wireshark-plugin-sipdialog >/sipdialog/apt.log 2>&1 \
    || { cat /sipdialog/apt.log; exit 1; }
[ ! -e "$so" ] || { echo "error: $so is still there after apt-get remove" >&2; exit 1; }
step "Wireshark $version: passed"
