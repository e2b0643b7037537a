# bash completion for chorus. Install: source it, or copy it to
# /usr/share/bash-completion/completions/chorus.
#
# Completes subcommands, options, option values (policies, output modes, colours),
# host names and @group names from the inventory (asked of `chorus` itself, so the
# inventory search order and -i are honoured), and local paths where a file is wanted.

_chorus_inventory_args() {
    # Pass on an -i/--inventory given earlier on the line.
    local i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${COMP_WORDS[i]}" in
            -i|--inventory) printf '%s\n%s\n' -i "${COMP_WORDS[i+1]}" ;;
            --inventory=*) printf '%s\n' "${COMP_WORDS[i]}" ;;
        esac
    done
}

_chorus_targets() {
    # Hosts and @groups; `chorus groups` prints "NAME: folded-members".
    local -a inventory
    mapfile -t inventory < <(_chorus_inventory_args)
    chorus "${inventory[@]}" hosts --expand 2>/dev/null
    chorus "${inventory[@]}" groups 2>/dev/null | sed -n 's/^\([^:]*\):.*/@\1/p'
}

_chorus() {
    local cur prev words
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    local subcommands="hosts groups put get batch_run batch_scp help"
    local options="-w -x -g -b -B -S -i -J -l -A -f -t -u -o --outdir --errdir --workers --pty --no-stdin --sudo
        --known-hosts --host-key-policy --keepalive --color --output-memory --inventory --jump --user --ask-password
        -F --ssh-config -O --ssh-option --fanout
        --connect-timeout --command-timeout --output --gather --group --help --version
        -r --recursive -L --dereference -p --preserve --checksum --per-host -action -local -remote"
    case "$prev" in
        -w|-x|hosts)
            # Complete the last element of a comma-separated pattern.
            local head="" tail=$cur
            if [[ $cur == *,* ]]; then head=${cur%,*},; tail=${cur##*,}; fi
            mapfile -t COMPREPLY < <(compgen -P "$head" -W "$(_chorus_targets)" -- "$tail")
            return ;;
        -J|--jump)
            # Complete the last bastion of a comma-separated list: inventory hosts, or none.
            local head="" tail=$cur
            if [[ $cur == *,* ]]; then head=${cur%,*},; tail=${cur##*,}; fi
            mapfile -t COMPREPLY < <(compgen -P "$head" -W "none $(_chorus_targets | grep -v '^@')" -- "$tail")
            return ;;
        -g|--group|-h)
            mapfile -t COMPREPLY < <(compgen -W "$(_chorus_targets | sed -n 's/^@//p')" -- "$cur")
            return ;;
        -action) mapfile -t COMPREPLY < <(compgen -W "put get" -- "$cur"); return ;;
        -i|--inventory|--known-hosts|--outdir|--errdir|-local)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return ;;
        --host-key-policy) mapfile -t COMPREPLY < <(compgen -W "strict accept-new off" -- "$cur"); return ;;
        -o|--output) mapfile -t COMPREPLY < <(compgen -W "live gather json" -- "$cur"); return ;;
        --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur"); return ;;
        help) mapfile -t COMPREPLY < <(compgen -W "$subcommands" -- "$cur"); return ;;
    esac
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
    elif [[ $COMP_CWORD -eq 1 ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$subcommands" -- "$cur")
    elif [[ " ${COMP_WORDS[*]} " == *" put "* || " ${COMP_WORDS[*]} " == *" get "* ]]; then
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")  # local paths (put's sources, get's folder)
    fi
}

complete -F _chorus chorus
