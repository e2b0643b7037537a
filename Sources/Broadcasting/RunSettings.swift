import Rendering

/// The settings a run goes by, in one value: built by the command line (the global
/// options, which mean the same before or after a subcommand) and, in the shell,
/// edited by `:set`. Defaults live here and nowhere else.
public struct RunSettings: Sendable, Equatable {
    public enum HostKeyPolicy: String, Sendable, CaseIterable { case strict, acceptNew = "accept-new", off }
    public enum OutputMode: String, Sendable, CaseIterable { case live, gather, json }
    public enum ColorMode: String, Sendable, CaseIterable { case auto, always, never }

    public var inventoryPath: String?
    public var knownHostsPath: String?
    /// As given on the command line; nil when not given (then an inventory's
    /// `known_hosts_policy` may decide, see `HostKeyPolicyPrecedence`).
    public var hostKeyPolicyOption: HostKeyPolicy?
    /// The command line's policy, accept-new when none was given. Setting it gives one.
    public var hostKeyPolicy: HostKeyPolicy {
        get { hostKeyPolicyOption ?? .acceptNew }
        set { hostKeyPolicyOption = newValue }
    }
    public var user: String?
    public var fanout = 64
    public var connectTimeout = 10.0
    public var commandTimeout: Double?
    /// Seconds between SSH keepalives; a host silent for three of them counts as gone.
    public var keepalive = 15.0
    public var output: OutputMode = .live
    public var color: ColorMode = .auto
    /// MiB of output that gathered and JSON output, and the shell's copy for `:diff`,
    /// each keep in memory for all hosts together; the rest goes to a temporary file.
    public var outputMemoryMiB = OutputStore.defaultMemoryLimit >> 20

    public init() {}
}
