/// What a subcommand receives once the command line is parsed.
struct Invocation {
    var globals: GlobalOptions
    /// The subcommand's own options (global ones already applied to `globals`).
    var options: [ParsedOption]
    var positionals: [String]
    var console: Console
    var environment: [String: String]

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
    let run: @Sendable (Invocation) throws -> ExitStatus
}
