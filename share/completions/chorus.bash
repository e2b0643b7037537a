# bash completion for chorus, written by `chorus completions bash` from the tables that
# parse its command line. Install: source it, or copy it to
# /usr/share/bash-completion/completions/chorus.
#
# Completes subcommands, options (each subcommand's own), option values (policies,
# output modes, colours), host names and @group names from the inventory (asked of
# `chorus` itself, so the inventory search order and -i are honoured), and local paths
# where a file is wanted. A bundle of one-letter options (-bw) completes as its last.

_chorus_inventory_args() {
    # Pass on an -i/--inventory given earlier on the line.
    local i
    for ((i = 1; i < ${#_chorus_words[@]} - 1; i++)); do
        case "${_chorus_words[i]}" in
            -i|--inventory) printf '%s\n%s\n' -i "${_chorus_words[i+1]}" ;;
            --inventory=*) printf '%s\n' "${_chorus_words[i]}" ;;
        esac
    done
}

_chorus_split_line() {
    # bash splits COMP_WORDS at every COMP_WORDBREAKS character, and its default holds @,
    # : and =, so `chorus -w @web,@d` arrives as `chorus -w @ web, @ d`. Split the line up
    # to the cursor at blanks only instead, into _chorus_words (the last one, maybe empty,
    # is the word being completed). Quotes are not interpreted. Without COMP_LINE (called
    # by hand), COMP_WORDS is used as it is.
    if [[ -z ${COMP_LINE+set} ]]; then
        _chorus_words=("${COMP_WORDS[@]:0:COMP_CWORD+1}")
        return
    fi
    local line=${COMP_LINE:0:COMP_POINT}
    read -r -a _chorus_words <<< "$line"
    if [[ -z $line || $line == *[[:blank:]] ]]; then _chorus_words+=(""); fi
}

_chorus_trim_replies() {
    # Readline replaces only the text from the word's last COMP_WORDBREAKS character on:
    # after it, or from it when it is @ or $ (bash's rl_special_prefixes), so `@d` in
    # `@web,@d`. Take what comes before that off each reply (as bash-completion's
    # __ltrim_colon_completions does for `:`).
    local cur=$1 i
    for ((i = ${#cur}; i > 0; i--)); do
        [[ $COMP_WORDBREAKS == *"${cur:i-1:1}"* ]] && break
    done
    if ((i > 0)) && [[ ${cur:i-1:1} == [@\$] ]]; then ((i--)); fi
    if ((i > 0)); then COMPREPLY=("${COMPREPLY[@]#"${cur:0:i}"}"); fi
}

_chorus_last_part() {
    # Completes the last element of a comma-separated list $2 from the words $1.
    local head="" tail=$2
    if [[ $2 == *,* ]]; then head=${2%,*},; tail=${2##*,}; fi
    mapfile -t COMPREPLY < <(compgen -P "$head" -W "$1" -- "$tail")
}

_chorus_reply() {
    # Completes the word $2 from the words $1.
    mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

_chorus_groups() {
    # Group names for -g: GROUP, or @GROUP once @ is typed, as the last of a comma list.
    local groups; groups=$(_chorus_targets | grep '^@')
    [[ ${1##*,} == @* ]] || groups=${groups//@/}
    _chorus_last_part "$groups" "$1"
}

_chorus_targets() {
    # Hosts and @groups; `chorus groups` prints "NAME: folded-members".
    local -a inventory
    mapfile -t inventory < <(_chorus_inventory_args)
    chorus "${inventory[@]}" hosts --expand 2>/dev/null
    chorus "${inventory[@]}" groups 2>/dev/null | sed -n 's/^\([^:]*\):.*/@\1/p'
}

_chorus() {
    local -a _chorus_words
    _chorus_split_line
    local cur=${_chorus_words[-1]} cword=$((${#_chorus_words[@]} - 1))
    local prev=${_chorus_words[cword-1]}
    _chorus_complete "$cur" "$prev" "$cword"
    _chorus_trim_replies "$cur"
}

_chorus_context() {
    # Sets _chorus_sub to the subcommand the line names before the word being
    # completed (empty for none yet; - once a remote command has begun), and
    # _chorus_selects when a host selection came first (then the first word is a
    # remote command, not a subcommand).
    local i word
    _chorus_sub="" _chorus_selects=""
    for ((i = 1; i < ${#_chorus_words[@]} - 1; i++)); do
        word=$(_chorus_unbundle "" "${_chorus_words[i]}")
        case "$word" in
            --) _chorus_sub=-; return ;;
            -w|-x|-g|--group|-a|--all|--hostfile) _chorus_selects=1; ((i++)) ;;
            --pick|--outdir|--errdir|--workers|-i|--inventory|--known-hosts|--host-key-policy|-J|--jump|--gateway|-l|--user|-f|--fanout|-t|--connect-timeout|-u|--command-timeout|--keepalive|-o|--output|--color|--output-memory|-F|--ssh-config|-O|--ssh-option|--persist) ((i++)) ;;
            -*) ;;
            help|hosts|groups|put|get|batch_run|batch_scp|completions|log|mux)
                if [[ -n $_chorus_selects ]]; then _chorus_sub=-; else _chorus_sub=$word; fi
                return ;;
            *) _chorus_sub=-; return ;;
        esac
    done
}

_chorus_unbundle() {
    # Prints word $2 as option in context $1: a bundle of one-letter options whose
    # last one takes a value (-bw) stands for that last option (-w); any other
    # word for itself. As the parser: the letters before the last take no value.
    local flags values word=$2
    case "$1" in
        "") flags=abBNShA values=wxgiJlftuoFO ;;
        help) flags=A values=iJlftuoFO ;;
        hosts) flags=xA values=iJlftuoFO ;;
        groups) flags=A values=iJlftuoFO ;;
        put) flags=arpLA values=wxgiJlftuoFO ;;
        get) flags=arpA values=wxgiJlftuoFO ;;
        batch_run) flags=bBNSA values=hgiJlftuoFO ;;
        batch_scp) flags=rpA values=hgiJlftuoFO ;;
        completions) flags=A values=iJlftuoFO ;;
        log) flags=A values=niJlftuoFO ;;
        mux) flags=A values=iJlftuoFO ;;
    esac
    if [[ $word =~ ^-[[:alpha:]][[:alpha:]]+$ && -n $flags ]]; then
        local body=${word:1:${#word}-2} last=${word: -1}
        if [[ $body != *[!$flags]* && $values == *"$last"* ]]; then word=-$last; fi
    fi
    printf '%s\n' "$word"
}

_chorus_value() {
    # Fills COMPREPLY with the values of option $2 in context $1 for the word $3;
    # fails when that option takes no value (or is no option).
    local cur=$3
    case "$1" in
        "")
            case "$2" in
                -w|-x) _chorus_last_part "$(_chorus_targets)" "$cur" ;;
                -g|--group) _chorus_groups "$cur" ;;
                --hostfile) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
                --pick|--workers) : ;;
                --outdir|--errdir) mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
                *) _chorus_global_value "$2" "$cur"; return ;;
            esac ;;
        help)
            case "$2" in
                *) _chorus_global_value "$2" "$cur"; return ;;
            esac ;;
        hosts)
            case "$2" in
                *) _chorus_global_value "$2" "$cur"; return ;;
            esac ;;
        groups)
            case "$2" in
                *) _chorus_global_value "$2" "$cur"; return ;;
            esac ;;
        put)
            case "$2" in
                -w|-x) _chorus_last_part "$(_chorus_targets)" "$cur" ;;
                -g|--group) _chorus_groups "$cur" ;;
                --hostfile) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
                --workers) : ;;
                *) _chorus_global_value "$2" "$cur"; return ;;
            esac ;;
        get)
            case "$2" in
                -w|-x) _chorus_last_part "$(_chorus_targets)" "$cur" ;;
                -g|--group) _chorus_groups "$cur" ;;
                --hostfile) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
                --workers) : ;;
                *) _chorus_global_value "$2" "$cur"; return ;;
            esac ;;
        batch_run)
            case "$2" in
                -h) _chorus_last_part "$(_chorus_targets | grep -v '^@')" "$cur" ;;
                -g) _chorus_groups "$cur" ;;
                -cmd|--pick|--workers) : ;;
                --outdir|--errdir) mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
                *) _chorus_global_value "$2" "$cur"; return ;;
            esac ;;
        batch_scp)
            case "$2" in
                -h) _chorus_last_part "$(_chorus_targets | grep -v '^@')" "$cur" ;;
                -g) _chorus_groups "$cur" ;;
                -action) _chorus_reply "put get" "$cur" ;;
                -local) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
                -remote|--workers) : ;;
                *) _chorus_global_value "$2" "$cur"; return ;;
            esac ;;
        completions)
            case "$2" in
                *) _chorus_global_value "$2" "$cur"; return ;;
            esac ;;
        log)
            case "$2" in
                -n) : ;;
                *) _chorus_global_value "$2" "$cur"; return ;;
            esac ;;
        mux)
            case "$2" in
                *) _chorus_global_value "$2" "$cur"; return ;;
            esac ;;
    esac
    return 0
}

_chorus_global_value() {
    # The same for a global option (accepted in every context).
    local cur=$2
    case "$1" in
        -i|--inventory|--known-hosts|-F|--ssh-config) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
        --host-key-policy) _chorus_reply "strict accept-new off" "$cur" ;;
        -J|--jump|--gateway) _chorus_last_part "none $(_chorus_targets | grep -v '^@')" "$cur" ;;
        -l|--user) mapfile -t COMPREPLY < <(compgen -u -- "$cur") ;;
        -f|--fanout|-t|--connect-timeout|-u|--command-timeout|--keepalive|--output-memory|-O|--ssh-option|--persist) : ;;
        -o|--output) _chorus_reply "live gather json" "$cur" ;;
        --color) _chorus_reply "auto always never" "$cur" ;;
        *) return 1 ;;
    esac
    return 0
}

_chorus_options() {
    # The options of context $1 (its own, then the global ones) that complete the word $2.
    local words globals="-i --inventory --known-hosts --host-key-policy -J --jump --gateway -l --user -A --ask-password -f --fanout -t --connect-timeout -u --command-timeout --keepalive -o --output --color --output-memory -F --ssh-config -O --ssh-option --sudo --persist --no-audit"
    case "$1" in
        "") words="-w -x -g --group -a --all --hostfile --pick -b --gather -B -N --diff -S --outdir --errdir --workers --pty --no-stdin -h --help --version" ;;
        help) words="--help" ;;
        hosts) words="-x --expand --json --help" ;;
        groups) words="--json --help" ;;
        put) words="-w -x -g --group -a --all --hostfile -r --recursive -p --preserve --checksum --per-host --workers -L --dereference --help" ;;
        get) words="-w -x -g --group -a --all --hostfile -r --recursive -p --preserve --checksum --per-host --workers --help" ;;
        batch_run) words="-h -g -cmd --pick -b --gather -B -N --diff -S --outdir --errdir --workers --pty --no-stdin --help" ;;
        batch_scp) words="-h -g -action -local -remote -r --recursive -p --preserve --checksum --per-host --workers --help" ;;
        completions) words="--help" ;;
        log) words="-n --json --help" ;;
        mux) words="--help" ;;
    esac
    _chorus_reply "$words $globals" "$2"
}

_chorus_operand() {
    # The words after the options of context $1 that complete the word $2.
    local cur=$2
    case "$1" in
        "") _chorus_reply "help hosts groups put get batch_run batch_scp completions log mux" "$cur" ;;
        help) _chorus_reply "help hosts groups put get batch_run batch_scp completions log mux" "$cur" ;;
        hosts) _chorus_last_part "$(_chorus_targets)" "$cur" ;;
        groups) : ;;
        put) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
        get) mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
        batch_run) : ;;
        batch_scp) : ;;
        completions) _chorus_reply "bash zsh fish" "$cur" ;;
        log) : ;;
        mux) _chorus_reply "status stop" "$cur" ;;
    esac
}

_chorus_complete() {
    local cur=$1 prev=$2 cword=$3 _chorus_sub _chorus_selects
    _chorus_context
    [[ $_chorus_sub == - ]] && return
    _chorus_value "$_chorus_sub" "$(_chorus_unbundle "$_chorus_sub" "$prev")" "$cur" && return
    if [[ $cur == -* ]]; then
        _chorus_options "$_chorus_sub" "$cur"
    elif [[ -n $_chorus_sub || -z $_chorus_selects ]]; then
        _chorus_operand "$_chorus_sub" "$cur"
    fi
}

complete -F _chorus chorus
