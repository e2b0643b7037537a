#if canImport(Glibc)
import Glibc
#endif
import Broadcasting
import Rendering
import Shell

/// Entry point for every mode of `chorus`. It only parses enough to pick a mode and
/// turns every error into one line and an exit status.
public enum ChorusMain {
    /// - Parameters:
    ///   - input: the descriptor the interactive shell reads (standard input for the real
    ///     program); nil makes `chorus` with no command print help (tests).
    ///   - libraries: the loaded SSH library and its version, for `--version`
    ///     (`libssh2 1.10.0`); the executable asks the worker side, the only one linked
    ///     to it.
    public static func run(
        arguments: [String], console: Console = .standard, environment: [String: String] = [:], input: Int32? = nil,
        libraries: String = ""
    ) -> Int32 {
        OpenFileLimit.raise()
        do {
            return try dispatch(arguments, console: console, environment: environment, input: input,
                                libraries: libraries).rawValue
        } catch {
            let report = ErrorReport(error)
            console.error(report.message)
            return report.status.rawValue
        }
    }

    /// The argument a shell starts its workers with; `chorus/main.swift` looks for it.
    public static let workerModeArgument = BroadcastRunner.workerModeArgument

    /// Options before the first word: the global ones, the one-shot ones, help and version.
    static let topLevelSpecs = RunSettings.specs + OneShotCommand.options + [
        OptionSpec(["-h", "--help"], key: "help", help: "show help"),
        OptionSpec(["--version"], key: "version", help: "show the version"),
    ]

    private static func dispatch(
        _ arguments: [String], console: Console, environment: [String: String], input: Int32?, libraries: String
    ) throws -> ExitStatus {
        let scanned = try ArgumentScanner(specs: topLevelSpecs).scan(arguments, stopAtFirstPositional: true)
        if scanned.options.contains(where: { $0.key == "version" }) {
            console.out("chorus \(ChorusVersion.current)" + (libraries.isEmpty ? "" : " (\(libraries))") + "\n")
            return .ok
        }
        let selects = scanned.options.contains { OneShotCommand.selectionKeys.contains($0.key) }
        if selects && scanned.rest.isEmpty && !scanned.options.contains(where: { $0.key == "help" }) {
            // On a terminal, a selection with no command opens the shell on it (as clush does).
            guard let input, isatty(input) == 1 else { throw UsageError("no command given: chorus -w PATTERN COMMAND...") }
            return try InteractiveMode.run(shellInvocation(scanned, console, environment).context, script: nil, input: input,
                                           selecting: try Self.selection(scanned.options).pattern)
        }
        if scanned.options.contains(where: { $0.key == "help" }) || (scanned.rest.isEmpty && input == nil) {
            console.out(HelpText.main)
            return .ok
        }
        if let input, !selects, scanned.rest.isEmpty || isScript(scanned.rest, terminated: scanned.sawTerminator) {
            return try InteractiveMode.run(shellInvocation(scanned, console, environment).context,
                                           script: scanned.rest.first, input: input)
        }
        let name = scanned.rest[0]
        if !scanned.sawTerminator, !selects, let subcommand = Subcommands.named(name) {
            return try run(subcommand, leading: scanned.options, words: Array(scanned.rest.dropFirst()),
                           console: console, environment: environment, input: input)
        }
        guard selects else {
            let suggestion = Subcommands.didYouMean(name)
            let hint = suggestion.isEmpty ? " (to run it on hosts: chorus -w PATTERN \(name))" : " (see chorus --help)"
            throw UsageError("unknown subcommand '\(name)'" + suggestion + hint)
        }
        return try runOneShot(scanned, console: console, environment: environment, input: input)
    }

    /// The `-w`/`-g`/`-x` options as one pattern.
    private static func selection(_ options: [ParsedOption]) throws(UsageError) -> HostSelection {
        var selection = HostSelection()
        for option in options {
            if option.key == "all" { selection.include.append(OneShotCommand.allHosts) }
            guard let value = option.value else { continue }
            switch option.key {
            case "hosts" where value.hasPrefix("^"): selection.include += try HostListFile.patterns(String(value.dropFirst()), input: nil)
            case "hostfile": selection.include += try HostListFile.patterns(value, input: nil)
            case "hosts": selection.include.append(value)
            case "group": selection.groups.append(value)
            case "exclude": selection.exclude.append(value)
            default: break
            }
        }
        return selection
    }

    /// `chorus FILE`: one word naming a readable file that is not a subcommand.
    private static func isScript(_ words: [String], terminated: Bool) -> Bool {
        guard words.count == 1, !terminated, Subcommands.named(words[0]) == nil else { return false }
        return access(words[0], R_OK) == 0
    }

    private static func shellInvocation(
        _ scanned: ArgumentScanner.Result, _ console: Console, _ environment: [String: String]
    ) throws -> Invocation {
        var globals = try DefaultsFile.settings(environment)
        try globals.apply(scanned.options)
        return Invocation(globals: globals, options: [], positionals: [], console: console, environment: environment)
    }

    /// The first word that is not an option starts the remote command; every word after
    /// it belongs to the command (`chorus -w web uname -n`), as in pdsh and clush.
    private static func runOneShot(
        _ scanned: ArgumentScanner.Result, console: Console, environment: [String: String], input: Int32?
    ) throws -> ExitStatus {
        var globals = try DefaultsFile.settings(environment)
        try globals.apply(scanned.options)
        let globalKeys = Set(RunSettings.specs.map(\.key))
        let invocation = Invocation(
            globals: globals, options: scanned.options.filter { !globalKeys.contains($0.key) },
            positionals: [], console: console, environment: environment, input: input)
        return try OneShotCommand.run(invocation, commandWords: scanned.rest)
    }

    /// Parses a subcommand's words with its own options plus the global ones, which
    /// may also have come before the subcommand name (`leading`).
    private static func run(
        _ subcommand: Subcommand, leading: [ParsedOption], words: [String],
        console: Console, environment: [String: String], input: Int32?
    ) throws -> ExitStatus {
        let scanner = ArgumentScanner(specs: subcommand.acceptedOptions)
        let scanned: ArgumentScanner.Result
        do { scanned = try scanner.scan(words) } catch { throw subcommand.explain(error, words: words) }
        if scanned.options.contains(where: { $0.key == "help" }) {
            console.out(HelpText.forSubcommand(subcommand))
            return .ok
        }
        var globals = try DefaultsFile.settings(environment)
        do { try globals.apply(leading + scanned.options) } catch { throw subcommand.explain(error, words: words) }
        let globalKeys = Set(RunSettings.specs.map(\.key))
        let invocation = Invocation(
            globals: globals, options: scanned.options.filter { !globalKeys.contains($0.key) },
            positionals: scanned.positionals + scanned.rest, console: console, environment: environment, input: input)
        return try subcommand.run(invocation)
    }
}
