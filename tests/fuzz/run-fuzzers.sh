#!/usr/bin/env bash
# Builds the "fuzz" preset and runs every libFuzzer target for SECONDS (default 60), one after
# the other, on a scratch copy of its seed corpus. Fails on the first crash, leak, timeout or
# sanitizer report; the reproducer lands in build/fuzz/artifacts/.
#   tests/fuzz/run-fuzzers.sh [SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
seconds="${1:-60}"
targets=(fuzz_httpresponse fuzz_responseparser fuzz_errorparser fuzz_awsconfigfile fuzz_shorthandparser
    fuzz_csvroundtrip)
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/partnerdesk-ccache}"
# Share cached objects between checkouts in different folders (CI builds a fresh clone).
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd)}" CCACHE_NOHASHDIR=1

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${targets[@]}"

build=build/fuzz
mkdir -p "$build/artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for target in "${targets[@]}"; do
    work="$build/corpus/$target"
    rm -rf "$work"
    mkdir -p "$work"
    cp tests/fuzz/corpus/"$target"/* "$work"/
    echo "== $target: ${seconds}s"
    log="$build/artifacts/$target.log"
    status=0
    "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
        "$work" >"$log" 2>&1 || status=$?
    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 60 "$log" >&2
        echo "$target failed (exit $status); reproducer and log in $build/artifacts" >&2
        exit 1
    fi
done
echo "All fuzz targets ran ${seconds}s without a crash."
