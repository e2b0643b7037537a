import Broadcasting
import Rendering

/// The shells `chorus completions` writes a script for.
enum CompletionShell: String, CaseIterable {
    case bash, zsh, fish

    var script: String {
        switch self {
        case .bash: BashCompletion.script
        case .zsh: ZshCompletion.script
        case .fish: FishCompletion.script
        }
    }
}

extension Subcommands {
    /// `chorus completions bash|zsh|fish`: the completion script, written from the same
    /// tables that parse the command line (share/completions holds a copy of each).
    static let completions = Subcommand(
        name: "completions", summary: "print the completion script for bash, zsh or fish",
        usage: "chorus completions bash|zsh|fish", options: [],
        details: """
            The script completes subcommands, options, closed lists of values, hosts and
            @groups of the inventory in force (asked of chorus itself) and local paths.
            Install it where the shell looks:
              chorus completions bash > /usr/share/bash-completion/completions/chorus
              chorus completions zsh > /usr/local/share/zsh/site-functions/_chorus
              chorus completions fish > ~/.config/fish/completions/chorus.fish

            """,
        operands: .choices(of: CompletionShell.self),
        run: { invocation in
            guard invocation.positionals.count == 1, let shell = CompletionShell(rawValue: invocation.positionals[0]) else {
                let names = CompletionShell.allCases.map(\.rawValue).joined(separator: ", ")
                throw UsageError("completions expects one of \(names)" + (invocation.positionals.first.map { ", got '\($0)'" } ?? ""))
            }
            invocation.console.out(shell.script)
            return .ok
        })
}
