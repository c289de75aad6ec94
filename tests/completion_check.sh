#!/usr/bin/env bash
# Runs the bash completion of partnerdesk-cli the way bash does (COMP_LINE, COMP_POINT,
# COMP_WORDS split at COMP_WORDBREAKS, COMP_CWORD) and checks what it offers.
#   tests/completion_check.sh <completion script> <folder of partnerdesk-cli>
set -euo pipefail
script=$1
export PATH="$2:$PATH"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config"
export AWS_CONFIG_FILE="$scratch/aws config" AWS_SHARED_CREDENTIALS_FILE="$scratch/aws-credentials"
mkdir -p "$HOME/.aws" "$XDG_CONFIG_HOME/PartnerDesk" "$scratch/queries"
printf '[default]\nregion = us-east-1\n\n[profile sales]\nregion = us-east-1\n' >"$AWS_CONFIG_FILE"
printf '[ci]\naws_access_key_id = AKIDEXAMPLE\n' >"$AWS_SHARED_CREDENTIALS_FILE"
# Not read: AWS_CONFIG_FILE names the config file.
printf '[profile elsewhere]\nregion = us-east-1\n' >"$HOME/.aws/config"
printf '[profiles]\ndesk\\accessKeyId=AKIDEXAMPLE\n' >"$XDG_CONFIG_HOME/PartnerDesk/PartnerDesk.conf"
touch "$scratch/queries/open.json"

failures=0
# check LINE EXPECTED WORD...: completes at the end of LINE, split by readline into WORDs, and
# calls the function as bash does, with the command, the text readline replaces (the last word;
# empty after "=" or ":", without an opening quote) and the word before. An empty LINE leaves
# COMP_LINE unset and calls the function without arguments. EXPECTED lists the replies, one per
# line, in any order.
check() {
    local line=$1 expected=$2 actual
    shift 2
    actual=$(bash -c '
        source "$1"
        line=$2
        shift 2
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        if [ -z "$line" ]; then
            _partnerdesk_cli
        else
            COMP_LINE=$line
            COMP_POINT=${#line}
            word=${COMP_WORDS[COMP_CWORD]}
            case "$word" in
                = | :) word="" ;;
                [\"\047]*) word=${word:1} ;;
            esac
            _partnerdesk_cli "${COMP_WORDS[0]}" "$word" "${COMP_WORDS[COMP_CWORD - 1]}"
        fi
        printf "%s\n" "${COMPREPLY[@]}"' check "$script" "$line" "$@" | sort)
    expected=$(sort <<<"$expected")
    if [ "$actual" = "$expected" ]; then
        echo "ok: ${line:-$*}"
    else
        printf 'FAIL: %s\n  expected: %s\n  offered:  %s\n' "${line:-$*}" "${expected//$'\n'/ | }" \
            "${actual//$'\n'/ | }" >&2
        failures=$((failures + 1))
    fi
}

cli=partnerdesk-cli
lo=list-opportunities
check "$cli " $'changes\nget-aws-opportunity-summary\nget-opportunity\nhelp\nlist-opportunities\npipeline\nsync' \
    $cli ''
check "$cli list" 'list-opportunities' $cli list
check "$cli $lo --cat" '--catalog' $cli $lo --cat
check "$cli $lo --catalog S" 'Sandbox' $cli $lo --catalog S
check "$cli $lo --catalog " $'AWS\nSandbox' $cli $lo --catalog ''
check "$cli $lo --life-cycle-stage Prospect Te" 'Technical\ Validation' \
    $cli $lo --life-cycle-stage Prospect Te
check "$cli $lo --life-cycle-stage Prospect --no-pag" '--no-paginate' \
    $cli $lo --life-cycle-stage Prospect --no-pag
check "$cli $lo --life-cycle-review-status \"In" 'In review' \
    $cli $lo --life-cycle-review-status '"In'
check "$cli $lo --life-cycle-review-status Action\\ R" 'Action\ Required' \
    $cli $lo --life-cycle-review-status 'Action\ R'
check "$cli $lo --profile " $'ci\ndefault\ndesk\nsales' $cli $lo --profile ''
check "$cli $lo --profile s" 'sales' $cli $lo --profile s
check "$cli $lo --output=c" 'csv' $cli $lo --output = c
check "$cli $lo --output=" $'csv\njson' $cli $lo --output =
check "$cli $lo --sort SortBy=Cr" \
    $'CreatedDate,SortOrder=ASCENDING\nCreatedDate,SortOrder=DESCENDING' \
    $cli $lo --sort SortBy = Cr
check "$cli $lo --sort SortBy=TargetCloseDate,SortOrder=D" 'DESCENDING' \
    $cli $lo --sort SortBy = TargetCloseDate,SortOrder = D
check "$cli $lo --sort SortBy=Identifier,SortOrder=" $'ASCENDING\nDESCENDING' \
    $cli $lo --sort SortBy = Identifier,SortOrder =
check "$cli $lo --life-cycle-review-status 'Pe" 'Pending Submission' \
    $cli $lo --life-cycle-review-status "'Pe"
check "$cli $lo --cli-input-json file://$scratch/queries/o" "//$scratch/queries/open.json" \
    $cli $lo --cli-input-json file : "//$scratch/queries/o"
check "$cli $lo --max-items " '' $cli $lo --max-items ''
check "$cli $lo --max-items 5 --deb" '--debug' $cli $lo --max-items 5 --deb
check "$cli $lo --region u" 'us-east-1' $cli $lo --region u
check '' 'Closed\ Lost' $cli $lo --life-cycle-stage Clo
# The pipeline command: its own --output choices, no options it refuses.
check "$cli pi" 'pipeline' $cli pi
check "$cli pipeline --output " $'csv\njson\nmarkdown' $cli pipeline --output ''
check "$cli pipeline --max-" $'--max-concurrency\n--max-rps' $cli pipeline --max-
check "$cli pipeline --catalog AWS --life-cycle-stage La" 'Launched' \
    $cli pipeline --catalog AWS --life-cycle-stage La
# The command word is found after flags of list-opportunities.
check "$cli --from-store pipeline --output m" 'markdown' $cli --from-store pipeline --output m
check "$cli --with-details --debug pipeline --from" '--from-store' \
    $cli --with-details --debug pipeline --from
# The local copy's commands: their own options and values, none they refuse.
check "$cli sy" 'sync' $cli sy
check "$cli help sy" 'sync' $cli help sy
check "$cli help sync --f" '--full' $cli help sync --f
check "$cli sync --f" '--full' $cli sync --f
check "$cli --debug sync --output=" $'json\ntext' $cli --debug sync --output =
check "$cli sync --max-" $'--max-concurrency\n--max-rps' $cli sync --max-
check "$cli sync --profile s" 'sales' $cli sync --profile s
check "$cli ch" 'changes' $cli ch
check "$cli changes --out" '--output' $cli changes --out
check "$cli changes --output " $'csv\njson' $cli changes --output ''
check "$cli changes --s" $'--since\n--store' $cli changes --s
check "$cli changes --since 7d --l" '--last' $cli changes --since 7d --l
check "$cli changes --max-" '' $cli changes --max-
# get-opportunity, get-aws-opportunity-summary: each with its own identifier option.
check "$cli g" $'get-aws-opportunity-summary\nget-opportunity' $cli g
check "$cli get-opportunity --cat" '--catalog' $cli get-opportunity --cat
check "$cli get-opportunity --catalog " $'AWS\nSandbox' $cli get-opportunity --catalog ''
check "$cli get-opportunity --catalog A" 'AWS' $cli get-opportunity --catalog A
check "$cli get-opportunity --catalog AWS --i" '--identifier' \
    $cli get-opportunity --catalog AWS --i
check "$cli get-opportunity --rel" '' $cli get-opportunity --rel
check "$cli get-opportunity --output " 'json' $cli get-opportunity --output ''
check "$cli get-aws-opportunity-summary --rel" '--related-opportunity-identifier' \
    $cli get-aws-opportunity-summary --rel
check "$cli get-aws-opportunity-summary --profile " $'ci\ndefault\ndesk\nsales' \
    $cli get-aws-opportunity-summary --profile ''

# Every option of a command's --help is offered after "--", and nothing else.
options_of_help() {
    "$@" --help | grep -oE -- '(^|[[:space:],(])--[[:alpha:]][[:alnum:]-]*' | sed -E 's/^[^-]+//' |
        sort -u
}
check "$cli $lo --" "$(options_of_help $cli $lo)" $cli $lo --
for command in sync changes get-opportunity get-aws-opportunity-summary; do
    check "$cli $command --" "$(options_of_help $cli $command)" $cli $command --
done

if [ "$failures" -ne 0 ]; then
    echo "$failures completion case(s) failed" >&2
    exit 1
fi
echo "all completion cases passed"
