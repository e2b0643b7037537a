import Inventory
import Rendering

/// The settings a run goes by, in one value: built by the command line (the global
/// options, which mean the same before or after a subcommand) and, in the shell,
/// edited by `:set`. Defaults live here and nowhere else.
///
/// Precedence, weakest first: built-in default < defaults file (`chorus.conf`) <
/// ssh_config < inventory `[DEFAULT]` < inventory host < command line < `:set`. Security settings are the exception: the host-key policy
/// is the strictest of those given (`HostKeyPolicyPrecedence`), so nothing weakens a
/// `strict` given on the command line. Bastions follow the general rule: `-J` (the
/// command line) replaces a host's `proxy_jump` (inventory host, group or `[DEFAULT]`)
/// whole, and `-J none` turns bastions off for every host (`BastionResolver`).
public struct RunSettings: Sendable, Equatable {
    /// The one definition is `Inventory.KnownHostsPolicy`, which the inventory reads too;
    /// the wire and SSH enums map from it once (`ResolvedHost+Dispatch`).
    public typealias HostKeyPolicy = KnownHostsPolicy
    public enum OutputMode: String, Sendable, CaseIterable { case live, gather, json }
    public enum ColorMode: String, Sendable, CaseIterable { case auto, always, never }

    /// Where a value came from, weakest first.
    public enum Source: Int, Sendable, Comparable, CaseIterable {
        case builtIn, defaultsFile, inventory, commandLine, shell

        public static func < (lhs: Source, rhs: Source) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public static let defaultFanout = 64
    public static let defaultConnectTimeout = 10.0
    public static let defaultKeepalive = 15.0

    public var inventoryPath: String?
    public var knownHostsPath: String?
    /// Host-key policies given explicitly, by where they came from (`.commandLine`,
    /// `.shell`); the strictest of them and the host's inventory value applies.
    public var hostKeyPolicies: [Source: HostKeyPolicy] = [:]
    public var user: String?
    /// Hosts connecting at once.
    public var fanout = defaultFanout
    /// Seconds to wait for a host to connect; `.infinity` waits for ever (`:set
    /// connect_timeout none`).
    public var connectTimeout = defaultConnectTimeout
    /// Where `connectTimeout` came from: a host's own `connect_timeout` in the inventory
    /// beats only the built-in default.
    public var connectTimeoutSource = Source.builtIn
    /// Seconds a command may run; nil lets it run for ever.
    public var commandTimeout: Double?
    /// Seconds between SSH keepalives; a host silent for three of them counts as gone.
    public var keepalive = defaultKeepalive
    /// Where `keepalive` came from: ssh_config's `ServerAliveInterval` beats only the default.
    public var keepaliveSource = Source.builtIn
    /// `-F FILE`: the OpenSSH client configuration to read instead of `~/.ssh/config` and
    /// `/etc/ssh/ssh_config`; `none` reads none.
    public var sshConfigFile: String?
    /// `-O KEY=VALUE`: OpenSSH options read as if they were the configuration's first lines.
    public var sshOptions: [String] = []
    public var output: OutputMode = .live
    /// The shell's `:set gather on`: group hosts with identical output (as `clush -b`)
    /// when the output is live.
    public var gather = false
    public var color: ColorMode = .auto
    /// Commands run with a pseudo-terminal.
    public var pty = false
    /// Commands run as root through `sudo` on each host (`--sudo`, `:set sudo on`).
    public var sudo = false
    /// A script stops at the first line that fails on any host.
    public var errexit = false
    /// The shell runs on names that are in no inventory (`:set adhoc on`); otherwise it
    /// refuses them, since such a name is most often a typo and is sent to the resolver.
    public var adHoc = false
    /// `-A`: ask once per user for the password of every host that has none from the
    /// inventory or `password_env` (as `password_prompt = yes` does per host).
    public var askPassword = false
    /// `-J HOST[,HOST…]`: the bastions every host goes through, by name, the first
    /// reached directly. nil: not given (each host's `proxy_jump` decides); empty:
    /// `-J none`, every host directly.
    public var proxyJump: [String]?
    /// `--gateway NAME[,NAME…]`: every host is reached through these gateways (a worker
    /// on one of them). nil: each host's `gateway` decides; empty: `--gateway none`.
    public var gateways: [String]?
    /// MiB of output that gathered and JSON output, and the shell's copy for `:diff`,
    /// each keep in memory for all hosts together; the rest goes to a temporary file.
    public var outputMemoryMiB = OutputStore.defaultMemoryLimit >> 20
    /// Whether broadcasts and transfers are appended to the audit trail (`AuditLog`):
    /// `--no-audit` turns it off (so does `CHORUS_AUDIT=off`); the place a defaults file
    /// sets it too.
    public var auditLog = AuditSetting.on

    /// Seconds the session mux stays after a one-shot run (`--persist`, `persist` in
    /// chorus.conf): a run starts it if none is running. 0 (`no`): never use it. nil:
    /// use one if it is running, start none.
    public var persist: Double?

    /// Worker processes for a one-shot run (`workers` in chorus.conf; `--workers` wins);
    /// nil: one per CPU.
    public var workers: Int?
    /// Where each setting (by its `:set` name) was given, for `:set` to show: a
    /// `FILE:LINE` of chorus.conf, `command line` or `:set`; absent: built in.
    public var origins: [String: String] = [:]

    public init() {}

    /// The policy the command line and `:set` give together (the strictest of them), or
    /// nil when neither gave one (then each host's inventory value decides, else
    /// accept-new).
    public var givenHostKeyPolicy: HostKeyPolicy? {
        HostKeyPolicyPrecedence.strictest(Array(hostKeyPolicies.values))
    }

    /// A host's connect timeout: its inventory value unless the command line or `:set`
    /// gave one (the inventory outranks the built-in value and chorus.conf).
    public func connectTimeout(inventory: Double?) -> Double {
        connectTimeoutSource < .inventory ? inventory ?? connectTimeout : connectTimeout
    }
}
