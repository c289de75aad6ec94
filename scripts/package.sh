#!/usr/bin/env bash
# Makes the Debian package partnerdesk_<version>_<architecture>.deb with CPack (DEB generator):
# the three programs, desktop entry, icon, AppStream metadata, man pages, bash completion,
# copyright and changelog, with its dependencies found by dpkg-shlibdeps.
#   scripts/package.sh [--build-dir DIR] [--output DIR]
#     --build-dir DIR  package that build tree as it is (e.g. build/ci, after its build);
#                      without it, configure and build the "release" preset and package that
#     --output DIR     where the .deb goes (default build/package)
# Prints the path of the package.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_dir=""
output=build/package
while [ $# -gt 0 ]; do
    case "$1" in
        --build-dir) build_dir=${2:?--build-dir needs a folder}; shift 2 ;;
        --output) output=${2:?--output needs a folder}; shift 2 ;;
        *) echo "package.sh: unknown argument $1 (see the comment at the top)" >&2; exit 2 ;;
    esac
done

scripts/install-deps.sh --package >&2

# What the package installs, and so what must be built first.
targets=(partnerdesk partnerdesk-cli partnerdesk-emulator pd_man_pages)
if [ -z "$build_dir" ]; then
    export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/partnerdesk-ccache}"
    # Share cached objects between checkouts in different folders (CI builds a fresh clone).
    export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd)}" CCACHE_NOHASHDIR=1
    cmake --preset release >/dev/null
    cmake --build --preset release --target "${targets[@]}" >&2
    build_dir=build/release
fi
if ! [ -f "$build_dir/CPackConfig.cmake" ]; then
    echo "package.sh: $build_dir is not a configured build tree" >&2
    exit 1
fi
for built in app/gui/partnerdesk app/cli/partnerdesk-cli app/emulator/partnerdesk-emulator \
    packaging/man/partnerdesk.1.gz packaging/man/partnerdesk-cli.1.gz \
    packaging/man/partnerdesk-emulator.1.gz; do
    if ! [ -f "$build_dir/$built" ]; then
        echo "package.sh: $build_dir/$built is missing; build it first:" \
            "cmake --build $build_dir --target ${targets[*]}" >&2
        exit 1
    fi
done

mkdir -p "$output"
output=$(cd "$output" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# CPack installs the tree stripped under the /usr prefix and assembles the package in $work.
cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$work" >&2
packages=("$work"/partnerdesk_*.deb)
if [ ${#packages[@]} -ne 1 ] || ! [ -f "${packages[0]}" ]; then
    echo "package.sh: CPack made no partnerdesk_*.deb" >&2
    exit 1
fi
rm -f "$output"/partnerdesk_*.deb
mv "${packages[0]}" "$output/"
echo "$output/$(basename "${packages[0]}")"
