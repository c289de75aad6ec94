#!/usr/bin/env bash
# Checks a generated man page against the program as it is now: every option of its --help is in
# the man page and every option in the man page is in the --help; with --completion-commands, the
# same for each sub-command the program names in `--completion-words` whose --help is not part of
# the program's --help, between its --help and its section of the page (headed by the command's
# name in capitals), the rest of the page then against the program's --help. EXAMPLES may use
# the options of any --help. The page has a NAME line for whatis, and (with man-db) renders
# without warnings.
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
# roff: \- is a hyphen; \fB, \fI, \fR, \f(xx switch fonts; \, and \/ are italic corrections.
text=$(gzip -dc "$page" | sed -E 's/\\-/-/g; s/\\f(\(..|[A-Z])//g; s/\\[,/]//g')

status=0
checked=0
# compare WHAT HELP TEXT: the options of HELP and of TEXT (a part of the page) are the same.
compare() {
    local from_help from_page
    from_help=$(options <<<"$2")
    from_page=$(options <<<"$3")
    if [ -z "$from_help" ]; then
        echo "no options found in $1" >&2
        status=1
    fi
    if [ "$from_help" != "$from_page" ]; then
        echo "$page and $1 name different options:" >&2
        diff <(echo "$from_help") <(echo "$from_page") |
            sed -n 's/^</  only in --help:/p; s/^>/  only in the man page:/p' >&2
        status=1
    fi
    checked=$((checked + $(wc -l <<<"$from_help")))
}

rest=$text
all_help=$help
if [ "$commands" = --completion-commands ]; then
    for command in $("$program" --completion-words | awk -F '\t' '$1 == "command" { print $2 }'); do
        [ "$command" = help ] && continue
        command_help=$("$program" "$command" --help)
        all_help+=$'\n'$command_help
        [[ $help == *"$command_help"* ]] && continue
        heading=".SH \"${command^^}\""
        if ! grep -qxF "$heading" <<<"$text"; then
            echo "$page has no section $heading for $program $command" >&2
            status=1
            continue
        fi
        section=$(awk -v heading="$heading" '$0 == heading { on = 1; next } /^\.SH / { on = 0 } on' <<<"$text")
        compare "the --help of $program $command" "$command_help" "$section"
        rest=$(awk -v heading="$heading" '$0 == heading { on = 1; next } /^\.SH / { on = 0 } !on' <<<"$rest")
    done
fi
# The examples may use the options of any command.
examples=$(awk '$0 == ".SH EXAMPLES" { on = 1; next } /^\.SH / { on = 0 } on' <<<"$rest")
rest=$(awk '$0 == ".SH EXAMPLES" { on = 1; next } /^\.SH / { on = 0 } !on' <<<"$rest")
compare "the --help of $program" "$help" "$rest"
unknown=$(comm -13 <(options <<<"$all_help") <(options <<<"$examples"))
if [ -n "$unknown" ]; then
    echo "the examples of $page use options no --help names:" $unknown >&2
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

[ "$status" -eq 0 ] && echo "$page matches the --help of $program ($checked options)"
exit "$status"
