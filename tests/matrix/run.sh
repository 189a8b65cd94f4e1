#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The run-time matrix: the plugin built, tested, packaged and installed in a
# real Wireshark 4.0, 4.4 and 4.6, each in a minimal Debian root made by
# mmdebstrap from Debian's archive (4.0 from bookworm, 4.4 from trixie, 4.6
# from forky).  A loader mismatch, a changed struct or a renamed tap fails at
# run time, not at compile time: only a real tshark of each release finds it.
#
#   tests/matrix/run.sh [4.0|4.4|4.6 ...]        (default: all three; as root)
#
# The roots are cached in build/matrix/SUITE/root: a second run downloads
# nothing.  Delete one to fetch its suite's current packages again.
# SIPDIALOG_DEBIAN_MIRROR chooses another Debian mirror than deb.debian.org.  In each
# root, tests/matrix/in-root.sh builds against the root's wireshark-dev with
# warnings as errors, runs the unit and integration tests in the root's
# tshark and sharkd, and installs the .deb it packaged.  The packages are
# copied to build/matrix/packages.  Then each .deb must be refused by the
# other roots (it depends on its own release's libwireshark).
set -euo pipefail
cd "$(dirname "$0")/../.."
source_dir=$(pwd)

mirror=${SIPDIALOG_DEBIAN_MIRROR:-http://deb.debian.org/debian}
declare -A suite_of=([4.0]=bookworm [4.4]=trixie [4.6]=forky)
# The branches CMake and the preprocessor take for each release (compat.h):
# the matrix proves that each one is built and run somewhere.
declare -A branches_of=(
    [4.0]="SD_HAVE_TELEPHONY_GROUPS=0 SD_BOOL_PREFERENCES=0 plugin_describe=0"
    [4.4]="SD_HAVE_TELEPHONY_GROUPS=1 SD_BOOL_PREFERENCES=1 plugin_describe=1"
    [4.6]="SD_HAVE_TELEPHONY_GROUPS=1 SD_BOOL_PREFERENCES=1 plugin_describe=1"
)
# What a root holds besides apt and Debian's essential packages: a C
# compiler, CMake, the root's Wireshark (tshark, sharkd, wireshark-dev),
# Python for the tests, dpkg-dev and file for CPack's .deb.
packages=(gcc libc6-dev make cmake pkg-config libglib2.0-dev wireshark-dev tshark python3 dpkg-dev file)

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(4.0 4.4 4.6)
for v in "${versions[@]}"; do
    [ -n "${suite_of[$v]:-}" ] || { echo "usage: $0 [4.0|4.4|4.6 ...]" >&2; exit 2; }
done
[ "$(id -u)" -eq 0 ] || { echo "error: the matrix makes and enters Debian roots: run it as root" >&2; exit 2; }
command -v mmdebstrap >/dev/null || { echo "error: mmdebstrap is missing: tools/deps.sh matrix" >&2; exit 2; }

matrix=$source_dir/build/matrix
mkdir -p "$matrix/packages"
# One run at a time per tree: two would build in the same roots.  The lock
# is inherited by the commands run in the roots, so a run killed half-way
# holds it until what it left running there is over.
exec 9>"$matrix/lock"
if ! flock -n 9; then
    echo "== waiting for another matrix run in $matrix"
    flock 9
fi

# Run a command in a root: a mount namespace and a PID namespace of its own,
# with its own /proc, all of which disappear with the command (nothing stays
# mounted under build/, whatever happens; if unshare is killed, so is
# everything in the root).  mmdebstrap made /dev's nodes.
in_root() {
    local root=$1
    shift
    unshare --mount --pid --fork --kill-child --mount-proc="$root/proc" \
        chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
        "$@"
}

make_root() {
    local suite=$1 root=$2
    local stamp="$suite $mirror ${packages[*]}"
    if [ -f "$root.stamp" ] && [ "$(cat "$root.stamp")" = "$stamp" ] && [ -d "$root" ]; then
        echo "== $suite: using the root in $root"
        return
    fi
    echo "== $suite: making a root in $root from $mirror"
    rm -rf "$root" "$root.new" "$root.stamp"
    # --variant=apt: Debian's essential packages and apt, then only what
    # `packages` asks for, without recommends; no manuals or translations.
    # Testing's Release file is valid for a week only: a mirror that lags
    # (or a snapshot) may serve it past that date.  Its signature is still
    # checked.
    mmdebstrap --mode=root --variant=apt --include="$(IFS=,; echo "${packages[*]}")" \
        --aptopt='APT::Install-Recommends "false"' --aptopt='Acquire::Check-Valid-Until "false"' \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
        --dpkgopt='path-exclude=/usr/share/info/*' \
        "$suite" "$root.new" "$mirror"
    mv "$root.new" "$root"
    echo "$stamp" >"$root.stamp"
}

# The sources, the corpus if there is one (as the host's tests find it), in
# the root's /sipdialog.
stage_sources() {
    local root=$1
    rm -rf "$root/sipdialog"
    mkdir -p "$root/sipdialog/src"
    tar -C "$source_dir" --exclude-vcs --exclude=./build --exclude=__pycache__ -cf - . | tar -C "$root/sipdialog/src" -xf -
    local corpus=${SIPDIALOG_CORPUS:-$source_dir/../shared/corpus}
    if [ -d "$corpus" ]; then
        mkdir -p "$root/sipdialog/corpus"
        cp -a "$corpus/." "$root/sipdialog/corpus/"
    fi
}

declare -A seconds result
for v in "${versions[@]}"; do
    suite=${suite_of[$v]}
    root=$matrix/$suite/root
    mkdir -p "$matrix/$suite"
    start=$SECONDS
    make_root "$suite" "$root"
    stage_sources "$root"
    rm -f "$matrix/packages"/*wireshark"$v"[_-]*
    echo "== Wireshark $v ($suite): build, tests, package"
    if in_root "$root" bash /sipdialog/src/tests/matrix/in-root.sh "$v" "${branches_of[$v]}" 2>&1 \
        | tee "$matrix/$suite/log"; then
        result[$v]=passed
        cp "$root"/sipdialog/packages/* "$matrix/packages/"
    else
        result[$v]=FAILED
    fi
    seconds[$v]=$((SECONDS - start))
done

# Each .deb is for its own release: the other roots must refuse it.
cross="not checked (fewer than two releases passed)"
for v in "${versions[@]}"; do
    [ "${result[$v]}" = passed ] || continue
    deb=$(ls "$matrix/packages"/wireshark-plugin-sipdialog_*+wireshark"$v"_*.deb)
    for other in "${versions[@]}"; do
        if [ "$other" = "$v" ] || [ "${result[$other]}" != passed ]; then
            continue
        fi
        root=$matrix/${suite_of[$other]}/root
        cp "$deb" "$root/tmp/"
        if in_root "$root" apt-get install -s -q "/tmp/$(basename "$deb")" >"$matrix/cross.log" 2>&1; then
            echo "error: the Wireshark $v package installs in the $other root:" >&2
            cat "$matrix/cross.log" >&2
            cross=FAILED
        elif ! reason=$(grep -m1 -o 'Depends: libwireshark[^ ]*' "$matrix/cross.log"); then
            echo "error: the $other root refuses the Wireshark $v package, but not for its libwireshark:" >&2
            cat "$matrix/cross.log" >&2
            cross=FAILED
        else
            [ "$cross" = FAILED ] || cross=passed
            echo "== the Wireshark $v package is refused in the $other root: $reason"
        fi
        rm -f "$root/tmp/$(basename "$deb")"
    done
done

echo
echo "== Matrix"
status=0
for v in "${versions[@]}"; do
    printf '  Wireshark %s (%s): %s in %d s\n' "$v" "${suite_of[$v]}" "${result[$v]}" "${seconds[$v]}"
    [ "${result[$v]}" = passed ] || status=1
done
echo "  packages refused by the other releases: $cross"
[ "$cross" != FAILED ] || status=1
ls -1 "$matrix/packages" | sed 's/^/  /'
exit $status
