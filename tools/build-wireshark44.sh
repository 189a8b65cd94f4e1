#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the plugin against Wireshark 4.4 with warnings as errors, on Debian 12 (which ships 4.0),
# without installing 4.4: Debian 13 "trixie"'s development packages and the libraries they point
# at are downloaded with a private apt configuration and unpacked into a scratch folder, and CMake
# is given the unpacked CMake package.  Then check that only the 4.4 headers were read and that the
# module has the symbols a 4.4 loader looks for.
#
#   tools/build-wireshark44.sh [scratch-dir]     (default: build/ws44)
#
# The download is kept in the scratch folder; delete the folder to fetch trixie's current 4.4 again.
set -euo pipefail
cd "$(dirname "$0")/.."

tools/deps.sh   # compiler, cmake, GLib headers, python3 (the tests' CMake file needs it)

scratch=${1:-build/ws44}
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)            # absolute: apt and CMake are run from elsewhere
apt_dir=$scratch/apt                       # the private apt configuration, index and downloads
root=$scratch/root                         # the unpacked packages, laid out as under /
build=$scratch/build
stamp=$root/.fetched                       # written last: the unpacked tree is complete

# wireshark-dev holds the CMake package (WiresharkConfig.cmake), the -dev packages the headers; the
# libraries are needed too, because the CMake package's imported targets check that they exist.
packages=(wireshark-dev libwireshark-dev libwsutil-dev libwiretap-dev libwireshark18 libwsutil16 libwiretap15)

fetch() {
    rm -rf "$apt_dir" "$root"
    mkdir -p "$apt_dir"/{lists/partial,cache/archives/partial,sources.list.d,preferences.d,debs} "$root"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
        >"$apt_dir/sources.list"
    : >"$apt_dir/status"
    # Everything apt reads or writes is redirected into the scratch folder, so the system's
    # sources, index, cache and pins stay untouched and play no part.  The empty dpkg status
    # keeps the installed (bookworm) packages out of the choice of versions.
    local apt=(apt-get -q
        -o Dir::Etc::SourceList="$apt_dir/sources.list"
        -o Dir::Etc::SourceParts="$apt_dir/sources.list.d"
        -o Dir::Etc::Preferences="$apt_dir/preferences"
        -o Dir::Etc::PreferencesParts="$apt_dir/preferences.d"
        -o Dir::State::Lists="$apt_dir/lists"
        -o Dir::State::status="$apt_dir/status"
        -o Dir::Cache="$apt_dir/cache"
        -o Acquire::Languages=none)
    "${apt[@]}" update
    # apt-get download writes into the current directory.  As root, apt downloads as the user
    # _apt, which may not write there: let it own that one folder (the files stay checked
    # against the signed index either way).
    if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
        chown _apt "$apt_dir/debs"
    fi
    (cd "$apt_dir/debs" && "${apt[@]}" download "${packages[@]}")
    for deb in "$apt_dir"/debs/*.deb; do
        dpkg-deb -W --showformat="  \${Package} \${Version}\n" "$deb"
        dpkg-deb -x "$deb" "$root"
    done
    printf '%s\n' "${packages[@]}" >"$stamp"
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(printf '%s\n' "${packages[@]}")" ]; then
    echo "Using the Wireshark 4.4 packages unpacked in $root"
else
    echo "Downloading the Wireshark 4.4 packages of Debian trixie into $scratch"
    fetch
fi

wireshark_dir=$root/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/cmake/wireshark
# The CMake package locates itself (PACKAGE_PREFIX_DIR and the targets' _IMPORT_PREFIX are computed
# from the file's own folder), so it works from the scratch folder as it is.  Its only absolute
# paths are GLib's, which Debian 12's libglib2.0-dev provides.  No build RPATH: the module is for
# a 4.4 Wireshark's own libraries, never the scratch copies.  --no-undefined: every symbol the
# module uses must be defined by the 4.4 libraries (or GLib, libc), not only declared in the headers;
# otherwise a missing one would only show when Wireshark loads the plugin.
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPDIALOG_WERROR=ON \
      -DWireshark_DIR="$wireshark_dir" -DCMAKE_SKIP_BUILD_RPATH=ON \
      -DCMAKE_MODULE_LINKER_FLAGS=-Wl,--no-undefined
# A clean build, so that the log shows every warning (-Werror turns compiler warnings into errors;
# the count also catches the linker's).  The 4.4 libraries' own dependencies (newer sonames than
# Debian 12 has, e.g. libnghttp3.so.9) are not looked for when linking a module, so they need not
# be downloaded.
log=$scratch/build.log
cmake --build "$build" --clean-first --target sipdialog -j"$(nproc)" 2>&1 | tee "$log"
warnings=$(grep -ci 'warning' "$log" || true)
echo "Warnings: $warnings"
[ "$warnings" -eq 0 ] || { echo "error: the build against Wireshark 4.4 has warnings" >&2; exit 1; }

# The system's 4.0 headers are installed too: make sure, from the compiler's dependency files,
# that none of them was read.
mapfile -t depfiles < <(find "$build/CMakeFiles/sipdialog.dir" -name '*.o.d')
[ ${#depfiles[@]} -gt 0 ] || { echo "error: no dependency files in $build" >&2; exit 1; }
if grep -lE '(^|[[:space:]])/usr/include/wireshark/' "${depfiles[@]}"; then
    echo "error: the files above include the system's Wireshark headers, not the 4.4 ones" >&2
    exit 1
fi

so=$build/sipdialog.so
# The symbols a 4.4 loader looks for (plugin_describe is new in 4.4).
exported=$(nm -D --defined-only "$so" | awk '{print $3}')
for symbol in plugin_version plugin_want_major plugin_want_minor plugin_register plugin_describe; do
    grep -qx "$symbol" <<<"$exported" || { echo "error: $so does not export $symbol" >&2; exit 1; }
done
echo "OK: $so builds against Wireshark 4.4 without warnings"
