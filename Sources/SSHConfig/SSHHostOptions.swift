/// `StrictHostKeyChecking` as ssh reads it. `ask` is kept apart (ssh's default when
/// nothing is set): the caller decides what asking means without a terminal.
public enum SSHStrictHostKeyChecking: String, Sendable, Equatable {
    /// `yes`, `true`.
    case yes
    /// `accept-new`.
    case acceptNew = "accept-new"
    /// `no`, `off`, `false`.
    case no
    /// `ask`.
    case ask
}

/// `ProxyJump`: `none` (connect directly, and stop later lines from setting a jump),
/// or the hops as written, first hop first (`a@b:23,c` → `["a@b:23", "c"]`).
public enum SSHProxyJump: Sendable, Equatable {
    case none
    case hops([String])
}

/// `IdentityAgent` after `~`, `%` and `${}` expansion, in the three forms ssh gives it.
public enum SSHIdentityAgent: Sendable, Equatable {
    /// `none`: use no agent.
    case none
    /// `SSH_AUTH_SOCK` or `$NAME`: the socket named by that environment variable.
    case environment(String)
    /// A socket path.
    case path(String)
}

/// The options of one host, each with its origin; nil when no line set it (the caller
/// applies its own default, usually ssh's). Paths are expanded (`~`, `%` tokens, `${}`).
public struct SSHHostOptions: Sendable, Equatable {
    /// The name as typed (ssh's `%n`, what `Host` lines match).
    public var alias: String
    /// The name ssh connects to: `HostName` with `%h` expanded, else the alias; lowercased
    /// unless it is an IP address (as ssh does before connecting and checking known_hosts).
    public var host: String
    public var hostName: SSHSetting<String>?
    public var user: SSHSetting<String>?
    public var port: SSHSetting<Int>?
    /// Every applying `IdentityFile`, in order, duplicates dropped as ssh does; `none`
    /// entries are left out. nil when no line applies (ssh then tries its default keys);
    /// empty when the only lines were `IdentityFile none` (no default keys either).
    public var identityFiles: [SSHSetting<String>]?
    public var identitiesOnly: SSHSetting<Bool>?
    public var identityAgent: SSHSetting<SSHIdentityAgent>?
    /// The files of the first applying line; empty for `none`.
    public var userKnownHostsFiles: SSHSetting<[String]>?
    /// The files of the first applying line (`~` expanded, no tokens, as ssh); empty for `none`.
    public var globalKnownHostsFiles: SSHSetting<[String]>?
    public var strictHostKeyChecking: SSHSetting<SSHStrictHostKeyChecking>?
    public var hashKnownHosts: SSHSetting<Bool>?
    /// Seconds; 0 is what ssh reads for `ConnectTimeout 0` (no timeout).
    public var connectTimeout: SSHSetting<Int>?
    /// Seconds; 0 turns keep-alives off, as in ssh.
    public var serverAliveInterval: SSHSetting<Int>?
    public var serverAliveCountMax: SSHSetting<Int>?
    public var proxyJump: SSHSetting<SSHProxyJump>?
    public var batchMode: SSHSetting<Bool>?
    /// Every applying `CertificateFile`, as written (Chorus does not offer certificates:
    /// a warning says so; the list is kept for the day it does).
    public var certificateFiles: [SSHSetting<String>]?
    /// Settings Chorus does not honour that matter for this host (`ProxyCommand`, …) and
    /// `Match` lines it could not evaluate: one line each, to print when the host is used.
    public var warnings: [SSHConfigWarning]

    init(alias: String, host: String) {
        self.alias = alias
        self.host = host
        warnings = []
    }
}
