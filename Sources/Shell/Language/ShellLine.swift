/// One line typed at the prompt or read from a script, as a typed value.
public enum ShellLine: Equatable, Sendable {
    /// Blank, or only a `#` comment.
    case empty
    /// Starts with `:`; control commands never shadow a remote command.
    case control(ControlCommand)
    /// Anything else: runs on the selection, passed to the remote shell verbatim.
    case broadcast(command: String)
    /// `@PATTERN COMMAND`: runs once on PATTERN instead of the selection (clush's habit).
    case targeted(pattern: String, command: String)
    /// `!COMMAND`: runs on the local machine.
    case local(command: String)
    /// The original tool's `batch_run` / `batch_scp` syntax, word for word.
    case legacy(LegacyCommand)
    /// `exit` or `quit` alone on the line.
    case exit
}

/// The control commands (`:name …`). `ControlCommandTable` holds their names, usage and
/// argument rules; the parser and `:help` both read that table.
public enum ControlCommand: Equatable, Sendable {
    case select(String), add(String), remove(String), hosts, groups
    /// `:info [--json] PATTERN`: a readable block per host, or today's JSON lines.
    case info(String, json: Bool = false)
    case put(sources: [String], destination: String, recursive: Bool, preserve: Bool = false, checksum: Bool = false,
             followLinks: Bool = false)
    case get(sources: [String], destination: String, recursive: Bool, preserve: Bool = false, checksum: Bool = false)
    case source(String), set(name: String?, value: String?), history, help(String?), quit
    case reconnect(String?), disconnect(String?), diff
    /// `:pick N`: narrow the selection to N of its hosts, chosen at random.
    case pick(Int)
}

/// `batch_run -h … -g … -cmd "…"` or `batch_scp -h … -g … -action put|get -local … -remote …`,
/// split the way the original tool received its argv (after the shell's unquoting).
public struct LegacyCommand: Equatable, Sendable {
    public enum Direction: String, Equatable, Sendable, CaseIterable { case put, get }

    public enum Action: Equatable, Sendable {
        /// `batch_run … -cmd COMMAND`.
        case run(command: String)
        /// `batch_scp … -action put|get -local PATH -remote PATH`.
        case copy(direction: Direction, local: String, remote: String)
    }

    /// The names given with `-h` (comma-separated, every `-h` kept, in order).
    public var hosts: [String]
    /// The groups given with `-g` (comma-separated, every `-g` kept, in order).
    public var groups: [String]
    public var action: Action

    public init(hosts: [String], groups: [String], action: Action) {
        self.hosts = hosts
        self.groups = groups
        self.action = action
    }

    /// The hosts and groups as one host pattern (`h1,h2,@web,@db`), for the pattern parser.
    public var pattern: String {
        (hosts + groups.map { "@" + $0 }).joined(separator: ",")
    }
}
