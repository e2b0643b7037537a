/// `chorus completions bash`: the bash script, its lists and `case` arms written from
/// the option tables. The fixed part (splitting the line as bash ought to, asking
/// `chorus` for hosts and groups) is `BashCompletion.helpers`.
enum BashCompletion {
    static var script: String {
        header + helpers + context + unbundle + values + options + operands + main + "\ncomplete -F _chorus chorus\n"
    }

    static let header = """
        # bash completion for chorus, written by `chorus completions bash` from the tables that
        # parse its command line. Install: source it, or copy it to
        # /usr/share/bash-completion/completions/chorus.
        #
        # Completes subcommands, options (each subcommand's own), option values (policies,
        # output modes, colours), host names and @group names from the inventory (asked of
        # `chorus` itself, so the inventory search order and -i are honoured), and local paths
        # where a file is wanted. A bundle of one-letter options (-bw) completes as its last.


        """

    /// Case patterns: `-w|-x`.
    static func alternatives(_ words: [String]) -> String {
        words.map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: "|")
    }

    static var context: String {
        let top = CompletionContext.topLevel
        let selection = CompletionContext.selectionSpellings
        let others = top.valueSpellings.filter { !selection.contains($0) }
        return """

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
                        \(alternatives(selection))) _chorus_selects=1; ((i++)) ;;
                        \(alternatives(others))) ((i++)) ;;
                        -*) ;;
                        \(alternatives(Subcommands.all.map(\.name))))
                            if [[ -n $_chorus_selects ]]; then _chorus_sub=-; else _chorus_sub=$word; fi
                            return ;;
                        *) _chorus_sub=-; return ;;
                    esac
                done
            }

            """
    }

    static var unbundle: String {
        let arms = CompletionContext.all.map { context in
            "        \(alternatives([context.name]))) flags=\(context.flagLetters) values=\(context.valueLetters) ;;"
        }
        return """

            _chorus_unbundle() {
                # Prints word $2 as option in context $1: a bundle of one-letter options whose
                # last one takes a value (-bw) stands for that last option (-w); any other
                # word for itself. As the parser: the letters before the last take no value.
                local flags values word=$2
                case "$1" in
            \(arms.joined(separator: "\n"))
                esac
                if [[ $word =~ ^-[[:alpha:]][[:alpha:]]+$ && -n $flags ]]; then
                    local body=${word:1:${#word}-2} last=${word: -1}
                    if [[ $body != *[!$flags]* && $values == *"$last"* ]]; then word=-$last; fi
                fi
                printf '%s\\n' "$word"
            }

            """
    }

    static var values: String {
        let arms = CompletionContext.all.map { context in
            "        \(alternatives([context.name])))\n            case \"$2\" in\n"
                + valueArms(CompletionContext.valuesByCompletion(context.ownOptions), indent: 16)
                + "                *) _chorus_global_value \"$2\" \"$cur\"; return ;;\n            esac ;;"
        }
        return """

            _chorus_value() {
                # Fills COMPREPLY with the values of option $2 in context $1 for the word $3;
                # fails when that option takes no value (or is no option).
                local cur=$3
                case "$1" in
            \(arms.joined(separator: "\n"))
                esac
                return 0
            }

            _chorus_global_value() {
                # The same for a global option (accepted in every context).
                local cur=$2
                case "$1" in
            \(valueArms(CompletionContext.valuesByCompletion(CompletionContext.globals), indent: 8))        *) return 1 ;;
                esac
                return 0
            }

            """
    }

    /// `-w|-x) ACTION ;;` lines.
    static func valueArms(_ groups: [(ValueCompletion, [String])], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return groups.map { completion, spellings in "\(pad)\(alternatives(spellings))) \(action(completion)) ;;\n" }.joined()
    }

    static var options: String {
        let arms = CompletionContext.all.map { context in
            "        \(alternatives([context.name]))) words=\"\(CompletionContext.spellings(context.ownOptions).joined(separator: " "))\" ;;"
        }
        return """

            _chorus_options() {
                # The options of context $1 (its own, then the global ones) that complete the word $2.
                local words globals="\(CompletionContext.spellings(CompletionContext.globals).joined(separator: " "))"
                case "$1" in
            \(arms.joined(separator: "\n"))
                esac
                _chorus_reply "$words $globals" "$2"
            }

            """
    }

    static var operands: String {
        let arms = CompletionContext.all.map { context in
            "        \(alternatives([context.name]))) \(action(context.operands)) ;;"
        }
        return """

            _chorus_operand() {
                # The words after the options of context $1 that complete the word $2.
                local cur=$2
                case "$1" in
            \(arms.joined(separator: "\n"))
                esac
            }

            """
    }

    static let main = """

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

        """

    /// The bash that fills COMPREPLY for a value of this kind, the word being `$cur`.
    static func action(_ completion: ValueCompletion) -> String {
        switch completion {
        case .none: ":"
        case .choices(let names): "_chorus_reply \"\(names.joined(separator: " "))\" \"$cur\""
        case .files: "mapfile -t COMPREPLY < <(compgen -f -- \"$cur\")"
        case .directories: "mapfile -t COMPREPLY < <(compgen -d -- \"$cur\")"
        case .pattern: "_chorus_last_part \"$(_chorus_targets)\" \"$cur\""
        case .groups: "_chorus_groups \"$cur\""
        case .hosts: "_chorus_last_part \"$(_chorus_targets | grep -v '^@')\" \"$cur\""
        case .bastions: "_chorus_last_part \"none $(_chorus_targets | grep -v '^@')\" \"$cur\""
        case .users: "mapfile -t COMPREPLY < <(compgen -u -- \"$cur\")"
        case .subcommands: "_chorus_reply \"\(Subcommands.all.map(\.name).joined(separator: " "))\" \"$cur\""
        }
    }
}
