import Broadcasting

extension Subcommands {
    /// The original tool's syntax, word for word: `batch_run -h h1,h2 -g web,db -cmd "df -h"`.
    /// Hosts named by -h and every host of the groups named by -g are selected (their
    /// union): a host named by -h is found in whichever group file defines it, and a
    /// name no group defines is taken as an ad-hoc host, as the original would connect to it.
    static let batchRun = Subcommand(
        name: "batch_run", summary: "the original syntax: run a command on hosts and groups",
        usage: "chorus batch_run [-h HOST,...] [-g GROUP,...] -cmd COMMAND",
        options: [
            OptionSpec(["-h"], key: "hosts", value: "HOST[,HOST]", completes: .hosts, help: "hosts to run on"),
            OptionSpec(["-g"], key: "group", value: "GROUP[,GROUP]", completes: .groups, help: "groups to run on"),
            OptionSpec(["-cmd"], key: "cmd", value: "COMMAND", help: "the command (quote it)"),
        ] + OneShotCommand.options.filter { !OneShotCommand.selectionKeys.contains($0.key) },
        run: { invocation in
            guard let command = invocation.value("cmd") else { throw UsageError("batch_run needs -cmd COMMAND") }
            guard invocation.positionals.isEmpty else {
                throw UsageError("unexpected '\(invocation.positionals[0])': quote the command after -cmd")
            }
            return try OneShotCommand.run(invocation, commandWords: [command])
        }, commandOption: "-cmd")
}
