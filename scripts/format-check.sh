#!/usr/bin/env bash
# Fails when a tracked C++ file of the project is not formatted as .clang-format says, and lists
# those files; `clang-format -i FILE...` formats them. Vendored code (tests/peers) is left out.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v clang-format >/dev/null 2>&1; then
    echo "format-check: clang-format is not installed (scripts/install-deps.sh --test)" >&2
    exit 1
fi
files=()
while IFS= read -r -d '' file; do
    files+=("$file")
done < <(git ls-files -z -- '*.cpp' '*.h' ':(exclude)tests/peers')
offenders=()
for file in "${files[@]}"; do
    [ -f "$file" ] || continue # deleted in this checkout, not yet committed
    clang-format --dry-run --Werror "$file" >/dev/null 2>&1 || offenders+=("$file")
done
if [ ${#offenders[@]} -gt 0 ]; then
    echo "format-check: ${#offenders[@]} of ${#files[@]} files differ from .clang-format:" >&2
    printf '  %s\n' "${offenders[@]}" >&2
    exit 1
fi
echo "format-check: ${#files[@]} files formatted as .clang-format says"
