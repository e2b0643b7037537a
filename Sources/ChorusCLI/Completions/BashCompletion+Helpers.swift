/// The fixed part of the bash script: these functions take no table. Splitting the line
/// and trimming the replies are what let `@` and `,` complete (see CompletionTests).
extension BashCompletion {
    static let helpers = #"""
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

        """#
}
