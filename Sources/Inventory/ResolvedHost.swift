import Secrets
import HostPatterns

/// How to treat a host key that is not (or not yet) in known_hosts, as OpenSSH's
/// StrictHostKeyChecking: `strict` (=yes), `accept-new`, `off` (=no).
public enum KnownHostsPolicy: String, Sendable, CaseIterable, Codable {
    case strict
    case acceptNew = "accept-new"
    case off
}

/// Authentication a host is configured for, in the order an SSH client tries them.
public enum AuthMethod: String, Sendable, Codable, CaseIterable {
    /// `identity_file` is set.
    case publickey
    /// `password`, `password_env` or `password_prompt` is set.
    case password
}

/// One host with every connection setting resolved: inventory values merged over the
/// built-in defaults, or an ad-hoc host typed on the command line.
public struct ResolvedHost: Sendable, Equatable {
    /// The name it is selected by: the inventory section name, or the ad-hoc text as typed.
    public var name: String
    /// What to connect to (default: the name).
    public var hostname: String
    public var port: Int = 22
    public var username: String
    public var password: Secret?
    /// Name of an environment variable holding the password.
    public var passwordEnv: String?
    /// Passphrase for `identityFile`.
    public var passphrase: Secret?
    public var passphraseEnv: String?
    /// Ask the operator for the password (the shell prompts; the inventory only records it).
    public var passwordPrompt = false
    /// Private key path, `~` already expanded.
    public var identityFile: String?
    /// nil: the command line's `--host-key-policy` (default accept-new) decides.
    public var knownHostsPolicy: KnownHostsPolicy?
    /// Seconds; nil: the command line's `-t` decides.
    public var connectTimeout: Double?
    /// Bastions to go through, by name (an inventory host or `[user@]host[:port]`), the
    /// first reached directly. nil: not set here (the command line's `-J` may set it);
    /// empty: `proxy_jump = none`, a direct connection.
    public var proxyJump: [String]?
    /// Gateways that carry the host (a worker runs on one of them and reaches the host
    /// from there), by name. nil: not set here (`--gateway` may set it); empty:
    /// `gateway = none`, reached from this machine.
    public var gateways: [String]?
    /// Groups the host belongs to, sorted.
    public var groups: [String] = []
    /// Not in the inventory: typed as a name or `user@host:port`.
    public var isAdHoc = false
    /// The inventory fields this host set (its section, a group's or `[DEFAULT]`), and for
    /// an ad-hoc host what was typed (`username`, `port`): the OpenSSH client configuration
    /// fills in only the others, as it ranks below the inventory.
    public var setFields: Set<String> = []
    /// The name ssh_config's `Host` lines match: the inventory name, or the typed host.
    public var sshConfigAlias: String { isAdHoc ? hostname : name }

    public init(name: String, hostname: String, username: String) {
        self.name = name
        self.hostname = hostname
        self.username = username
    }

    /// An ad-hoc host from its typed name (`user@host:port`, `user@[v6]:port`); nil
    /// when the text is not a usable address.
    public init?(adHoc name: String, defaultUsername: String) {
        guard let address = AdHocAddress(parsing: name) else { return nil }
        self.init(name: name, hostname: address.host, username: address.user ?? defaultUsername)
        port = address.port ?? 22
        isAdHoc = true
        if address.user != nil { setFields.insert("username") }
        if address.port != nil { setFields.insert("port") }
    }

    /// What is configured, in the order it would be tried.
    public var authMethods: [AuthMethod] {
        var methods: [AuthMethod] = []
        if identityFile != nil { methods.append(.publickey) }
        if password != nil || passwordEnv != nil || passwordPrompt { methods.append(.password) }
        return methods
    }

    /// The password from the inventory, else from `password_env` in `environment`.
    public func resolvedPassword(environment: [String: String]) -> Secret? {
        password ?? passwordEnv.flatMap { environment[$0] }.map(Secret.init)
    }

    /// The key passphrase from the inventory, else from `passphrase_env`.
    public func resolvedPassphrase(environment: [String: String]) -> Secret? {
        passphrase ?? passphraseEnv.flatMap { environment[$0] }.map(Secret.init)
    }
}
