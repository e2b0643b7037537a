import Broadcasting
import Rendering

/// What a subcommand receives once the command line is parsed.
struct Invocation {
    var context: RunContext
    /// The subcommand's own options (global ones already applied to the settings).
    var options: [ParsedOption]
    var positionals: [String]
    /// The descriptor the operator's input comes on (standard input; nil when chorus
    /// runs inside another program): what a one-shot command may send to its hosts.
    var input: Int32?

    init(globals: RunSettings, options: [ParsedOption], positionals: [String], console: Console,
         environment: [String: String], input: Int32? = nil) {
        context = RunContext(settings: globals, console: console, environment: environment)
        self.options = options
        self.positionals = positionals
        self.input = input
    }

    var globals: RunSettings { context.settings }
    var console: Console { context.console }
    var environment: [String: String] { context.environment }

    func value(_ key: String) -> String? { options.last { $0.key == key }?.value }
    func values(_ key: String) -> [String] { options.filter { $0.key == key }.compactMap(\.value) }
    func flag(_ key: String) -> Bool { options.contains { $0.key == key } }
}

/// A named mode of `chorus` (`hosts`, `groups`, `batch_run` …) and its own options.
struct Subcommand: Sendable {
    let name: String
    let summary: String
    let usage: String
    let options: [OptionSpec]
    /// More help after the options: how arguments are read, examples.
    var details = ""
    /// What the words after the options are, for completion (`put`'s are local paths).
    var operands: ValueCompletion = .none
    let run: @Sendable (Invocation) throws -> ExitStatus
    /// The option whose value is the whole remote command (`batch_run`'s `-cmd`): words
    /// after its value that fail to parse were most likely the command's own
    /// (`-cmd id -un`), so the error says to quote it.
    var commandOption: String?

    /// Everything its command line may hold: its own options, the global ones and `--help`.
    var acceptedOptions: [OptionSpec] {
        options + RunSettings.specs + [OptionSpec(["--help"], key: "help", help: "show help")]
    }

    func explain(_ error: UsageError, words: [String]) -> UsageError {
        guard let option = commandOption, let at = words.firstIndex(of: option), at + 2 < words.count else { return error }
        let command = words[(at + 1)...].joined(separator: " ")
        return UsageError("\(error.message) (after \(option) the command is one word: quote it, \(option) \"\(command)\")")
    }
}
