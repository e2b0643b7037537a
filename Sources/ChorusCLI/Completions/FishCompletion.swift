/// `chorus completions fish`: a `complete` line per option and context, written from the
/// option tables; hosts and groups asked of `chorus` itself.
enum FishCompletion {
    static var script: String {
        header + helpers + contextFunction + globalLines + CompletionContext.all.map(lines).joined()
    }

    static let header = """
        # fish completion for chorus, written by `chorus completions fish` from the tables that
        # parse its command line. Install: copy it to ~/.config/fish/completions/chorus.fish
        # (or to fish's vendor_completions.d). Hosts and @groups come from `chorus` itself, so
        # -i and the search order apply.

        """

    static var contextFunction: String {
        let selection = CompletionContext.selectionSpellings
        let others = CompletionContext.topLevel.valueSpellings.filter { !selection.contains($0) }
        return """

            function __chorus_context --description 'The subcommand on the line: empty for none yet, - once a remote command has begun'
                set -l skip 0
                set -l selects 0
                set -l words (commandline -opc)
                set -e words[1]
                for word in $words
                    if test $skip = 1
                        set skip 0
                        continue
                    end
                    if test "$word" = --
                        echo -
                        return
                    end
                    switch $word
                        case \(selection.joined(separator: " "))
                            set skip 1
                            set selects 1
                        case \(others.joined(separator: " "))
                            set skip 1
                        case '-*'
                        case \(Subcommands.all.map(\.name).joined(separator: " "))
                            if test $selects = 1
                                echo -
                            else
                                echo $word
                            end
                            return
                        case '*'
                            echo -
                            return
                    end
                end
                if test $selects = 1
                    echo +
                else
                    echo ''
                end
            end

            """
    }

    /// The global options, offered anywhere but in a remote command.
    static var globalLines: String {
        let lines = ["", "# global options, before or after a subcommand"]
            + CompletionContext.globals.map { line($0, condition: "not __chorus_in -") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `complete` lines of one context: its own options, then its operands.
    static func lines(_ context: CompletionContext) -> String {
        let condition = context.name.isEmpty ? "__chorus_in '' +" : "__chorus_in \(context.name)"
        var lines = ["", "# " + (context.name.isEmpty ? "before a subcommand" : context.name)]
        lines += CompletionContext.uniqueOptions(context.ownOptions).map { line($0, condition: condition) }
        if context.name.isEmpty {
            for subcommand in Subcommands.all {
                lines.append("complete -c chorus -n \"__chorus_in ''\" -a \(subcommand.name) -d \(quoted(subcommand.summary))")
            }
        } else if context.operands != .none {
            lines.append("complete -c chorus -n \"\(condition)\"\(value(context.operands, takesValue: false))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func line(_ spec: OptionSpec, condition: String) -> String {
        let names = spec.names.map(flag).joined(separator: " ")
        return "complete -c chorus -n \"\(condition)\" \(names)\(value(spec.completion, takesValue: spec.takesValue)) -d \(quoted(spec.help))"
    }

    /// `-s w`, `-l inventory`, `-o cmd` (a single-dash word).
    static func flag(_ name: String) -> String {
        if name.hasPrefix("--") { return "-l " + name.dropFirst(2) }
        return (name.count == 2 ? "-s " : "-o ") + name.dropFirst()
    }

    /// The `complete` arguments for a value: `-r` when an option needs one, then what it is.
    static func value(_ completion: ValueCompletion, takesValue: Bool) -> String {
        let requires = takesValue ? " -r" : ""
        switch completion {
        case .none: return takesValue ? " -x" : ""
        case .files: return requires + " -F"
        case .choices(let names): return requires + " -f -a " + quoted(names.joined(separator: " "))
        case .directories: return requires + " -f -a '(__fish_complete_directories (commandline -ct))'"
        case .pattern: return requires + " -f -a '(__chorus_names hosts groups | __chorus_list)'"
        case .groups: return requires + " -f -a '(__chorus_groups)'"
        case .hosts: return requires + " -f -a '(__chorus_names hosts | __chorus_list)'"
        case .bastions: return requires + " -f -a '(begin; echo none; __chorus_names hosts; end | __chorus_list)'"
        case .users: return requires + " -f -a '(__fish_complete_users)'"
        case .subcommands: return requires + " -f -a " + quoted(Subcommands.all.map(\.name).joined(separator: " "))
        }
    }

    /// Single-quoted for fish (which also takes `\\` as an escape there).
    static func quoted(_ text: String) -> String {
        "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
    }
}
