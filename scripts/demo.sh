#!/usr/bin/env bash
# Builds PartnerDesk and opens it on demo data (a local emulator with generated opportunities).
#   scripts/demo.sh [extra partnerdesk arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/partnerdesk-ccache}"
# Share cached objects between checkouts in different folders (CI builds a fresh clone).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd)}" CCACHE_NOHASHDIR=1
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/app/gui/partnerdesk --demo "$@"
