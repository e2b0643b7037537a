#if canImport(Glibc)
import Glibc
#endif
import Broadcasting
import Inventory
import JobDispatch
import Rendering
import Shell

/// `chorus -w PATTERN [-x PATTERN] [-g GROUP,…] [options] COMMAND...` (clush/pdsh
/// style): runs COMMAND on the selection and exits with the worst host's class.
enum OneShotCommand {
    static let options: [OptionSpec] = [
        OptionSpec(["-w"], key: "hosts", value: "PATTERN", completes: .pattern,
                    help: "hosts to run on (ranges, @groups, globs, set operators)"),
        OptionSpec(["-x"], key: "exclude", value: "PATTERN", completes: .pattern, help: "hosts to leave out"),
        OptionSpec(["-g", "--group"], key: "group", value: "GROUP[,GROUP]", completes: .groups, help: "every host of these groups"),
        OptionSpec(["-a", "--all"], key: "all", help: "every host of the inventory (as clush -a)"),
        OptionSpec(["--hostfile"], key: "hostfile", value: "FILE", completes: .files,
                   help: "hosts to run on, one name or pattern per line (also -w ^FILE; -w - reads them from standard input)"),
        OptionSpec(["--pick"], key: "pick", value: "N", help: "run on N hosts picked at random from the selection"),
        OptionSpec(["-b", "--gather"], key: "gather", help: "group hosts with identical output (like clush -b; stderr shown as it comes)"),
        OptionSpec(["-B"], key: "gather-stderr", help: "like -b, with standard error included"),
        OptionSpec(["-N"], key: "no-label", help: "live lines without the host label (to pipe one host's output on)"),
        OptionSpec(["--diff"], key: "diff", help: "show how outputs differ: unified diffs against the largest group of identical ones"),
        OptionSpec(["-S"], key: "largest-status", help: "exit with the largest remote exit status (255 for a host with none)"),
        OptionSpec(["--outdir"], key: "outdir", value: "DIR", completes: .directories, help: "write each host's standard output to DIR/HOST"),
        OptionSpec(["--errdir"], key: "errdir", value: "DIR", completes: .directories, help: "write each host's standard error to DIR/HOST"),
        OptionSpec(["--workers"], key: "workers", value: "N", help: "worker processes (default: number of CPUs)"),
        OptionSpec(["--pty"], key: "pty", help: "run with a pseudo-terminal (stderr merges into stdout)"),
        OptionSpec(["--no-stdin"], key: "no-stdin", help: "do not send standard input to the hosts (they read /dev/null)"),
    ]

    /// Keys that select hosts: when one comes before the first word, that word is the
    /// remote command even if it names a subcommand (`chorus -w web groups`).
    static let selectionKeys: Set<String> = ["hosts", "exclude", "group", "hostfile", "all"]

    /// The operator's input (`invocation.input`) goes to every host when it is not a terminal.
    static func run(_ invocation: Invocation, commandWords: [String]) throws -> ExitStatus {
        var selection = HostSelection()
        selection.include = try hostPatterns(invocation)
        selection.exclude = invocation.values("exclude")
        selection.groups = invocation.values("group")
        guard !selection.isEmpty else { throw UsageError("no hosts selected: give -w PATTERN or -g GROUP (see chorus --help)") }
        guard !commandWords.isEmpty else { throw UsageError("no command given: chorus -w PATTERN COMMAND...") }
        var settings = try OneShotSettings(invocation)
        let command = commandWords.joined(separator: " ")
        if let refusal = TerminalCommands.refusal(command, pty: settings.pty) { throw UsageError(refusal) }
        let namesOnInput = invocation.values("hosts").contains("-")
        settings.input = StandardInputForwarding.source(invocation.input, pty: settings.pty,
                                                        disabled: invocation.flag("no-stdin") || namesOnInput)
        return try BroadcastRunner.run(command, typed: HistoryPolicy.auditAction(command), pattern: selection.pattern,
                                       settings: settings, context: invocation.context)
    }
}

extension OneShotCommand {
    /// The pattern `-a` stands for: a glob every inventory host's name matches.
    static let allHosts = "*"

    /// `-w` values and `--hostfile` files, as patterns: `-w ^FILE` and `--hostfile FILE`
    /// read FILE, `-w -` standard input (a terminal is refused: names are piped in).
    static func hostPatterns(_ invocation: Invocation) throws(UsageError) -> [String] {
        var patterns: [String] = []
        for value in invocation.values("hosts") {
            if value == "-" {
                if let input = invocation.input, isatty(input) == 1 {
                    throw UsageError("-w -: standard input is a terminal; pipe the host names in (or use --hostfile FILE)")
                }
                patterns += try HostListFile.patterns("-", input: invocation.input)
            } else if value.hasPrefix("^") {
                patterns += try HostListFile.patterns(String(value.dropFirst()), input: nil)
            } else {
                patterns.append(value)
            }
        }
        for file in invocation.values("hostfile") { patterns += try HostListFile.patterns(file, input: nil) }
        if invocation.flag("all") { patterns.append(allHosts) }
        return patterns
    }
}

extension OneShotSettings {
    init(_ invocation: Invocation) throws(UsageError) {
        self.init(output: .live, pty: false)
        if invocation.flag("diff") {
            guard !invocation.flag("gather"), !invocation.flag("gather-stderr"), invocation.globals.output != .json else {
                throw UsageError("--diff shows differences; -b, -B and -o json show outputs: give one of them")
            }
            output = .gather(includeStderr: false)  // standard output kept, standard error live
            diff = true
        } else if invocation.flag("gather-stderr") {
            output = .gather(includeStderr: true)
        } else if invocation.flag("gather") {
            output = .gather(includeStderr: false)
        } else {
            output = Output(invocation.globals)
        }
        largestStatus = invocation.flag("largest-status")
        labelsLines = !invocation.flag("no-label")
        if let text = invocation.value("pick") {
            guard let count = Int(text), count >= 1 else { throw UsageError("option --pick expects a whole number above 0, got '\(text)'") }
            pick = count
        }
        outdir = invocation.value("outdir")
        errdir = invocation.value("errdir")
        pty = invocation.flag("pty") || invocation.globals.pty
        if let count = invocation.globals.workers { workers = count }
        perHost = invocation.flag("per-host")
        if let text = invocation.value("workers") {
            guard let count = Int(text), count >= 1, count <= 256 else {
                throw UsageError("option --workers expects a whole number from 1 to 256, got '\(text)'")
            }
            workers = count
        }
    }
}
