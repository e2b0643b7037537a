import Broadcasting
import Diagnostics
import Rendering

/// Every subcommand `chorus` knows. Adding one: write its `Subcommand` value in its own
/// file and list it here; help and parsing pick it up from this table.
enum Subcommands {
    static let all: [Subcommand] = [help, hosts, groups, put, get, batchRun, batchScp, completions, log, mux]

    static func named(_ name: String) -> Subcommand? { all.first { $0.name == name } }

    static let help = Subcommand(
        name: "help", summary: "show this help, or a subcommand's",
        usage: "chorus help [SUBCOMMAND]", options: [], operands: .subcommands,
        run: { invocation in
            guard let topic = invocation.positionals.first else {
                invocation.console.out(HelpText.main)
                return .ok
            }
            guard let subcommand = named(topic) else {
                throw UsageError("no help for '\(topic)': not a subcommand" + didYouMean(topic))
            }
            invocation.console.out(HelpText.forSubcommand(subcommand))
            return .ok
        })

    static func didYouMean(_ word: String) -> String {
        Suggestion.didYouMean(word, among: all.map(\.name))
    }
}
