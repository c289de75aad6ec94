# Bash completion for partnerdesk-cli.
# The sub-commands, the options, how many values each takes and the values they accept come from
# the program itself (the hidden `partnerdesk-cli [COMMAND] --completion-words`), so they always
# match the installed version; --profile offers the profiles of the AWS shared files
# (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE or ~/.aws) and the PartnerDesk profiles as they
# are right now.

# Sets _pd_args to the arguments up to the cursor as the program will receive them. Readline
# also splits words at COMP_WORDBREAKS ('=' and ':' among them), so words that COMP_LINE does not
# separate with blanks are joined again. Without COMP_LINE every word is an argument.
_partnerdesk_cli_arguments()
{
    _pd_args=()
    local line=${COMP_LINE-}
    line=${line:0:${COMP_POINT:-${#line}}}
    local at=0 i word before glued
    for ((i = 0; i <= COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        glued=0
        if [[ -n $line && -n $word ]]; then
            before=${line:at}
            before=${before%%"$word"*}
            at=$((at + ${#before} + ${#word}))
            [[ $i -gt 1 && -z $before ]] && glued=1
        elif [[ -n $line && $i -gt 1 && $i -eq $COMP_CWORD && $line != *[[:blank:]] ]]; then
            glued=1
        fi
        if ((glued)); then
            _pd_args[-1]+=$word
        elif ((i > 0)); then
            _pd_args+=("$word")
        fi
    done
}

# Fills the caller's commands, options, takes (option -> none|one|list) and values (option ->
# words, one a line) from `PROGRAM [COMMAND] --completion-words`.
_partnerdesk_cli_words()
{
    commands=() options=() takes=() values=()
    local kind name value
    while IFS=$'\t' read -r kind name value; do
        case $kind in
        command) commands+=("$name") ;;
        option)
            options+=("$name")
            takes[$name]=$value
            ;;
        value) values[$name]+=$value$'\n' ;;
        esac
    done < <("$@" --completion-words 2>/dev/null)
}

# Sets the caller's option (the option the current argument would be a value of) and command
# (the sub-command so far; `help` comes before one) from _pd_args and takes.
_partnerdesk_cli_context()
{
    option='' command=''
    local argument i
    for ((i = 0; i < ${#_pd_args[@]} - 1; i++)); do
        argument=${_pd_args[i]}
        if [[ $argument == --* ]]; then
            option=''
            [[ $argument != *=* && ${takes[$argument]-none} != none ]] && option=$argument
        elif [[ -n $option ]]; then
            [[ ${takes[$option]} == one ]] && option=''
        elif [[ -z $command && $argument != help ]]; then
            command=$argument
        fi
    done
}

_partnerdesk_cli()
{
    COMPREPLY=()
    ((COMP_CWORD > 0)) || return 0
    local -a _pd_args
    _partnerdesk_cli_arguments
    # The argument being completed, unquoted, and the text readline replaces with a reply: $2
    # (after "=" or ":" only the rest, as "c" of "--output=c"; after an opening quote what follows
    # it). A value begun with a quote is completed inside the quotes; others are escaped.
    local current=${_pd_args[-1]} word=${2-${COMP_WORDS[COMP_CWORD]}} quote=''
    if [[ $current == [\"\']* ]]; then
        quote=${current:0:1}
        current=${current:1}
    fi
    current=${current//\\/}
    word=${word#[\"\']}
    word=${word//\\/}
    local kept=$((${#current} - ${#word}))
    ((kept >= 0)) || kept=0

    local program=${COMP_WORDS[0]}
    [[ $program == \~/* ]] && program=$HOME/${program:2}
    command -v -- "$program" >/dev/null 2>&1 || program=partnerdesk-cli
    local -a commands options
    local -A takes values
    local option command name
    _partnerdesk_cli_words "$program"
    _partnerdesk_cli_context
    # A sub-command answers with its own options and values.
    if [[ -n $command ]]; then
        _partnerdesk_cli_words "$program" "$command"
        _partnerdesk_cli_context
    fi

    local -a candidates=()
    if [[ $current == file://* ]]; then
        local entry
        while IFS= read -r entry; do
            [[ -d $entry ]] && entry+=/
            candidates+=("file://$entry")
        done < <(compgen -f -- "${current#file://}")
    elif [[ $current == --*=* ]]; then
        name=${current%%=*}
        mapfile -t candidates < <(printf '%s' "${values[$name]-}")
        candidates=("${candidates[@]/#/$name=}")
    elif [[ $current == -* ]]; then
        candidates=("${options[@]}")
    elif [[ -n $option ]]; then
        mapfile -t candidates < <(printf '%s' "${values[$option]-}")
    elif [[ -z $command ]]; then
        candidates=("${commands[@]}")
    else
        candidates=("${options[@]}")
    fi

    local candidate reply nospace=1
    for candidate in "${candidates[@]}"; do
        [[ $candidate == "$current"* ]] || continue
        reply=${candidate:kept}
        if [[ -z $quote ]]; then
            # %q escapes ',' too, which expands nothing without an unescaped '{'.
            printf -v reply '%q' "$reply"
            reply=${reply//\\,/,}
        fi
        [[ $reply == *[=/] ]] || nospace=0
        COMPREPLY+=("$reply")
    done
    if ((${#COMPREPLY[@]} > 0 && nospace)); then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}

complete -F _partnerdesk_cli partnerdesk-cli
