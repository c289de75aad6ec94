#!/usr/bin/env bash
# Builds PartnerDesk and opens it on demo data (a local emulator with generated opportunities).
#   scripts/demo.sh [extra partnerdesk arguments]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/partnerdesk-ccache}"
cmake --preset release >/dev/null
cmake --build --preset release
exec build/release/app/gui/partnerdesk --demo "$@"
