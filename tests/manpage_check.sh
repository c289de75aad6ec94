#!/usr/bin/env bash
# Checks a generated man page against the program as it is now: every option of its --help (and,
# with --completion-commands, of the --help of each sub-command the program names in
# `--completion-words`) is in the man page and every option in the man page is in a --help; the
# page has a NAME line for whatis, and (with man-db) renders without warnings.
#   tests/manpage_check.sh <program> <page.1.gz> [--completion-commands]
set -euo pipefail
program=$1
page=$2
commands=${3:-}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The man pages are written in the C locale with empty settings; so is the help compared here.
export LC_ALL=C.UTF-8 HOME="$scratch" XDG_CONFIG_HOME="$scratch/config"
unset LANGUAGE

# Long and short options where a word starts: "--catalog", "-h" (not "1-19", "case-insensitive").
options() {
    grep -oE -- '(^|[[:space:],(\[])--?[[:alpha:]][[:alnum:]-]*' | sed -E 's/^[^-]+//' | sort -u
}

help=$("$program" --help)
if [ "$commands" = --completion-commands ]; then
    for command in $("$program" --completion-words | awk -F '\t' '$1 == "command" { print $2 }'); do
        help+=$'\n'$("$program" "$command" --help)
    done
fi
# roff: \- is a hyphen; \fB, \fI, \fR, \f(xx switch fonts; \, and \/ are italic corrections.
text=$(gzip -dc "$page" | sed -E 's/\\-/-/g; s/\\f(\(..|[A-Z])//g; s/\\[,/]//g')

from_help=$(options <<<"$help")
from_page=$(options <<<"$text")
status=0
if [ -z "$from_help" ]; then
    echo "no options found in the --help of $program" >&2
    status=1
fi
if [ "$from_help" != "$from_page" ]; then
    echo "$page and the --help of $program name different options:" >&2
    diff <(echo "$from_help") <(echo "$from_page") | sed -n 's/^</  only in --help:/p; s/^>/  only in the man page:/p' >&2
    status=1
fi

name=$(basename "$page" .1.gz)
if ! grep -qE "^\.SH NAME$" <<<"$text" || ! grep -qE "^${name} - [a-z]" <<<"$text"; then
    echo "$page has no NAME line \"$name \\- description\"" >&2
    status=1
fi

if command -v man >/dev/null 2>&1; then
    warnings=$(MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null || true)
    if [ -n "$warnings" ]; then
        printf '%s renders with warnings:\n%s\n' "$page" "$warnings" >&2
        status=1
    fi
fi

[ "$status" -eq 0 ] && echo "$page matches the --help of $program ($(wc -l <<<"$from_help") options)"
exit "$status"
