#!/usr/bin/env bash
# Builds PartnerDesk and runs every test suite: unit, network, emulator conformance against the
# official AWS clients, GUI (offscreen) and keychain (a real Secret Service in a private D-Bus).
#   scripts/test.sh            install dependencies, build the "ci" preset, run ctest
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

scripts/install-deps.sh --test
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/partnerdesk-ccache}"
export CCACHE_MAXSIZE=5G

cmake --preset ci >/dev/null
cmake --build --preset ci

# gnome-keyring needs a session bus and an unlocked login keyring; both live only for this run.
export PD_TEST_HOME
PD_TEST_HOME=$(mktemp -d)
trap 'rm -rf "$PD_TEST_HOME"' EXIT
dbus-run-session -- bash -c '
    set -euo pipefail
    export HOME="$PD_TEST_HOME" XDG_DATA_HOME="$PD_TEST_HOME/.local/share"
    mkdir -p "$XDG_DATA_HOME/keyrings"
    eval "$(printf "pd-test-keyring" | gnome-keyring-daemon --unlock --components=secrets)"
    export GNOME_KEYRING_CONTROL
    ctest --preset ci -j2 --timeout 600
'
