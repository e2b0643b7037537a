import Inventory
import SSHConfig

/// What the OpenSSH client configuration adds to a host beyond the inventory's fields:
/// the keys to offer and whether the agent may add its own, the known_hosts file, the
/// keepalive, where each value came from, and the warnings for what Chorus does not honour.
package struct SSHConfigExtras: Equatable {
    /// `IdentityFile` lines, in order (nil: none applied).
    package var identityFiles: [String]?
    /// `IdentitiesOnly yes`: the agent's keys are not offered.
    package var identitiesOnly = false
    /// The agent to ask: a socket path, nil for `$SSH_AUTH_SOCK`, or no agent at all.
    package var agent: AgentChoice = .environment("SSH_AUTH_SOCK")
    /// The first `UserKnownHostsFile` (Chorus reads one known_hosts file).
    package var knownHostsFile: String?
    /// `ServerAliveInterval`, in seconds (0: off).
    package var keepaliveSeconds: Double?
    /// `ProxyJump`: the bastions, in order; empty for `none`; nil when unset.
    package var proxyJump: [String]?
    /// `BatchMode yes`, with its line: nothing is asked on the terminal for this host.
    package var batchMode: String?
    /// Setting name → `file:line` (or `-O KEY=VALUE`), for `hosts --json` and `:info`.
    package var origins: [String: String] = [:]
    /// One line each, for the hosts actually used.
    package var warnings: [String] = []

    package enum AgentChoice: Equatable {
        /// `IdentityAgent none`.
        case noAgent
        case environment(String)
        case path(String)
    }

    /// Nothing from a configuration.
    package static let empty = SSHConfigExtras()

    private init() {}

    init(_ options: SSHHostOptions) {
        warnings = options.warnings.map(\.description)
        if let files = options.identityFiles {
            identityFiles = files.map(\.value)
            if let first = files.first { origins["identity_file"] = first.origin.description }
        }
        identitiesOnly = options.identitiesOnly?.value ?? false
        switch options.identityAgent?.value {
        case nil: break
        case .none?: agent = .noAgent
        case .environment(let name)?: agent = .environment(name)
        case .path(let path)?: agent = .path(path)
        }
        knownHostsFile = options.userKnownHostsFiles?.value.first
        keepaliveSeconds = options.serverAliveInterval.map { Double($0.value) }
        if let batch = options.batchMode, batch.value { batchMode = batch.origin.description }
        switch options.proxyJump?.value {
        case nil: break
        case .none?: proxyJump = []
        case .hops(let hops)?: proxyJump = hops
        }
        for (name, origin) in [("identities_only", options.identitiesOnly?.origin), ("identity_agent", options.identityAgent?.origin),
                               ("known_hosts_file", options.userKnownHostsFiles?.origin),
                               ("keepalive", options.serverAliveInterval?.origin), ("proxy_jump", options.proxyJump?.origin)] {
            if let origin { origins[name] = origin.description }
        }
    }

    /// Fills the inventory's fields the inventory left unset: hostname, port, username,
    /// host-key policy, connect timeout.
    mutating func fill(_ host: inout ResolvedHost, from options: SSHHostOptions) {
        take(options.hostName, "hostname", &host) { $0.hostname = $1 }
        take(options.port, "port", &host) { $0.port = $1 }
        take(options.user, "username", &host) { $0.username = $1 }
        take(options.strictHostKeyChecking.map { SSHSetting($0.value.policy, $0.origin) }, "known_hosts_policy", &host) {
            $0.knownHostsPolicy = $1
        }
        take(options.connectTimeout.map { SSHSetting($0.value == 0 ? Double.infinity : Double($0.value), $0.origin) },
             "connect_timeout", &host) { $0.connectTimeout = $1 }
    }

    private mutating func take<Value>(_ setting: SSHSetting<Value>?, _ field: String, _ host: inout ResolvedHost,
                                      _ apply: (inout ResolvedHost, Value) -> Void) {
        guard let setting, !host.setFields.contains(field) else { return }
        apply(&host, setting.value)
        origins[field] = setting.origin.description
    }
}

extension SSHStrictHostKeyChecking {
    /// `ask` acts as `yes`: Chorus never asks about a host key, so it refuses.
    var policy: KnownHostsPolicy {
        switch self {
        case .yes, .ask: .strict
        case .acceptNew: .acceptNew
        case .no: .off
        }
    }
}
