#!/usr/bin/env bash
# Builds PartnerDesk and runs every test suite: unit, network, emulator conformance against the
# official AWS clients, GUI (offscreen) and keychain (a real Secret Service in a private D-Bus).
#   scripts/test.sh            install dependencies, build the "ci" preset, run ctest; package
#                              that build as a .deb and check it (lintian, contents, programs);
#                              then the whole suite again under ASan + UBSan (the "asan" preset)
#                              and a 60-second run of every libFuzzer target (tests/fuzz)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

scripts/install-deps.sh --test --package
# Every tracked C++ file as .clang-format says, before any time goes into a build.
scripts/format-check.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/partnerdesk-ccache}"
# Share cached objects between checkouts in different folders (CI builds a fresh clone).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd)}" CCACHE_NOHASHDIR=1
export CCACHE_MAXSIZE=5G

cmake --preset ci >/dev/null
cmake --build --preset ci

# gnome-keyring needs a session bus and an unlocked login keyring; both live only for this run.
export PD_TEST_HOME
PD_TEST_HOME=$(mktemp -d)
trap 'rm -rf "$PD_TEST_HOME"' EXIT
run_ctest() {
    rm -rf "$PD_TEST_HOME" && mkdir -p "$PD_TEST_HOME"
    dbus-run-session -- bash -c '
        set -euo pipefail
        export HOME="$PD_TEST_HOME" XDG_DATA_HOME="$PD_TEST_HOME/.local/share"
        mkdir -p "$XDG_DATA_HOME/keyrings"
        eval "$(printf "pd-test-keyring" | gnome-keyring-daemon --unlock --components=secrets)"
        export GNOME_KEYRING_CONTROL
        ctest "$@"
    ' run_ctest "$@"
}
run_ctest --preset ci -j2 --timeout 600

# The Debian package of the ci build (no second, release build): lintian without errors, the
# expected fields and files, and the programs run from the unpacked package. Nothing is installed.
deb=$(scripts/package.sh --build-dir build/ci --output build/package)
tests/package_check.sh "$deb"

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer (the "asan" preset:
# Debug, GUI included; pd_add_test triples the timeouts there). Leaks are checked; the suite needs
# no suppressions (tests/sanitizers/lsan.supp says what an entry may cover). Left out:
# emulator_conformance, whose time goes to the official AWS clients it runs against the emulator
# (it already ran in the ci stage; tst_emulator, tst_cli and the fault matrices cover the
# emulator under the sanitizers).
cmake --preset asan >/dev/null
cmake --build --preset asan
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
run_ctest --preset asan -j2 --timeout 1800 -E '^emulator_conformance$'

# A short run of every fuzz target (clang, libFuzzer); long runs are done outside CI.
tests/fuzz/run-fuzzers.sh 60
