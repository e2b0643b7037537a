/// `chorus completions zsh`: an `_arguments` spec per context, written from the option
/// tables; hosts and groups asked of `chorus` itself.
enum ZshCompletion {
    static var script: String {
        header + helpers + subcommandList + main + "\n_chorus \"$@\"\n"
    }

    static let header = """
        #compdef chorus
        # zsh completion for chorus, written by `chorus completions zsh` from the tables that
        # parse its command line. Install: put this file, named _chorus, in a directory of
        # $fpath. Hosts and @groups come from `chorus` itself, so -i and the search order apply.

        """

    static var subcommandList: String {
        let entries = Subcommands.all.map { "        \(quoted("\($0.name):\($0.summary)"))" }
        return """

            _chorus_subcommands() {
                local -a subcommands
                subcommands=(
            \(entries.joined(separator: "\n"))
                )
                _describe -t subcommands subcommand subcommands
            }

            """
    }

    static var main: String {
        let top = CompletionContext.topLevel
        let arms = CompletionContext.subcommands.map { context in
            "        \(context.name)) _arguments -s -S $globals \\\n" + specs(context).map { "            \($0) \\\n" }.joined()
                + "            && ret=0 ;;"
        }
        return """

            _chorus() {
                local curcontext=$curcontext state state_descr line ret=1
                local -A opt_args
                local -a _chorus_line
                _chorus_line=("${words[@]}")
                local -a globals
                globals=(
            \(CompletionContext.uniqueOptions(CompletionContext.globals).flatMap(optionSpecs).map { "        \($0)\n" }.joined())    )
                _arguments -s -S -C $globals \\
            \(specs(top, operands: false).map { "        \($0) \\\n" }.joined())        '1: :_chorus_first' \\
                    '*:: :->operands' && ret=0
                [[ $state == operands ]] || return ret
                if _chorus_selecting; then _normal && ret=0; return ret; fi
                case $words[1] in
            \(arms.joined(separator: "\n"))
                    *) _normal && ret=0 ;;
                esac
                return ret
            }

            _chorus_selecting() {
                # A host selection came first: the first word is a remote command.
                (( \(CompletionContext.selectionSpellings.map { "${+opt_args[\($0)]}" }.joined(separator: " || ")) ))
            }

            _chorus_first() {
                if _chorus_selecting; then _command_names -e; else _chorus_subcommands; fi
            }

            """
    }

    /// The `_arguments` specs of a context's own options (and operands), each quoted for the shell.
    static func specs(_ context: CompletionContext, operands: Bool = true) -> [String] {
        var specs = CompletionContext.uniqueOptions(context.ownOptions).flatMap(optionSpecs)
        if operands, context.operands != .none {
            specs.append(quoted("*:\(escapedMessage(operandName(context.operands))):\(action(context.operands))"))
        }
        return specs
    }

    /// One spec per spelling; a flag excludes its other spellings, a value may repeat.
    static func optionSpecs(_ spec: OptionSpec) -> [String] {
        let description = "[" + escapedDescription(spec.help) + "]"
        return spec.names.map { name in
            guard spec.takesValue else {
                let exclusions = "(" + spec.names.joined(separator: " ") + ")"
                return quoted(exclusions + name + description)
            }
            let form = name.hasPrefix("--") ? "=" : name.count == 2 ? "+" : ""
            return quoted("*" + name + form + description + ":" + escapedMessage(spec.valueName) + ":" + action(spec.completion))
        }
    }

    static func operandName(_ completion: ValueCompletion) -> String {
        switch completion {
        case .files: "file"
        case .subcommands: "subcommand"
        case .pattern: "pattern"
        default: "argument"
        }
    }

    static func action(_ completion: ValueCompletion) -> String {
        switch completion {
        case .none: " "
        case .choices(let names): "(\(names.joined(separator: " ")))"
        case .files: "_files"
        case .directories: "_directories"
        case .pattern: "_chorus_targets"
        case .groups: "_chorus_groups"
        case .hosts: "_chorus_hosts"
        case .bastions: "_chorus_bastions"
        case .users: "_users"
        case .subcommands: "_chorus_subcommands"
        }
    }

    /// Brackets and backslashes would end or bend an `_arguments` description.
    static func escapedDescription(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("[", with: "\\[")
            .replacing("]", with: "\\]")
    }

    /// A colon would end an `_arguments` message.
    static func escapedMessage(_ text: String) -> String {
        text.replacing(":", with: "\\:")
    }

    /// Single-quoted for the shell.
    static func quoted(_ text: String) -> String {
        "'" + text.replacing("'", with: "'\\''") + "'"
    }
}
