#!/usr/bin/env bash
# Builds the release preset if needed, then runs PartnerDesk's benchmarks (bench/benchmarks.py)
# against partnerdesk-emulator on loopback and prints a Markdown report with every figure.
#
#   bench/run-benchmarks.sh [--runs N] [--awscli-runs N] [--gui-runs N] [--only 1,2,3,4,5,6]
#                           [--skip-awscli] [--count N] [--json FILE] [--work DIR]
#
# PD_BUILD_DIR chooses the build folder (default: build/release, the release preset's own).
# The peers: node with the JS SDK in tests/peers/node_modules (scripts/install-deps.sh --test)
# and Debian's /usr/bin/aws (../shared/peers/awscli/setup.sh); a missing peer is skipped.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${PD_BUILD_DIR:-$ROOT/build/release}"

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    (cd "$ROOT" && cmake --preset release -B "$BUILD")
fi
cmake --build "$BUILD" --target partnerdesk-cli partnerdesk-emulator pd-bench-gui pd-bench-store pd-bench-detail \
    pd-bench-sync \
    -j "$(nproc)"

exec python3 "$ROOT/bench/benchmarks.py" --root "$ROOT" --build "$BUILD" "$@"
