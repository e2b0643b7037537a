#if canImport(Glibc)
import Glibc
#endif
import Inventory
import JobDispatch
import Posix
import WorkerProtocol

extension ResolvedHost {
    /// The worker's settings for this host, its bastions (`jumps`, from
    /// `BastionResolver`) included; `extras` is what the OpenSSH client configuration
    /// adds (see `DispatchSettings` for the keys offered and their order).
    package func dispatchHost(_ settings: RunSettings, environment: [String: String], extras: SSHConfigExtras? = nil,
                              jumps: [JumpSpec] = []) -> DispatchHost {
        let common = DispatchSettings(self, settings, environment: environment, extras: extras)
        let spec = HostSpec(
            hostID: 0, name: name, hostname: hostname, port: UInt16(clamping: port),
            username: settings.user ?? username, auth: common.auth, knownHostsPath: common.knownHostsPath,
            hostKeyPolicy: common.hostKeyPolicy, connectTimeoutMillis: common.connectTimeoutMillis,
            keepaliveSeconds: common.keepaliveSeconds, jumps: jumps)
        return DispatchHost(name: name, spec: spec)
    }

    /// Auth methods in OpenSSH's spirit: the inventory's key, then its password; with
    /// neither, the keys the OpenSSH client configuration names (`IdentityFile`), then the
    /// agent's unless `IdentitiesOnly`, then, when no `IdentityFile` applies, the user's
    /// default keys (`~/.ssh/id_ed25519`, `~/.ssh/id_ecdsa`, `~/.ssh/id_rsa`: OpenSSH's order).
    fileprivate func authSpecs(_ environment: [String: String], _ extras: SSHConfigExtras?) -> [AuthSpec] {
        var specs: [AuthSpec] = []
        if let identityFile { specs.append(.keyFile(path: identityFile, passphrase: resolvedPassphrase(environment: environment))) }
        if let password = resolvedPassword(environment: environment) { specs.append(.password(password)) }
        guard specs.isEmpty else { return specs }
        for path in extras?.identityFiles ?? [] where access(path, R_OK) == 0 {
            specs.append(.keyFile(path: path, passphrase: resolvedPassphrase(environment: environment)))
        }
        if extras?.identitiesOnly != true, let socket = Self.agentSocket(extras?.agent, environment) {
            specs.append(.agent(socket: socket))
        }
        guard extras?.identityFiles == nil else { return specs }
        let home = environment["HOME"] ?? "/root"
        for key in ["id_ed25519", "id_ecdsa", "id_rsa"] where access("\(home)/.ssh/\(key)", R_OK) == 0 {
            specs.append(.keyFile(path: "\(home)/.ssh/\(key)", passphrase: nil))
        }
        return specs
    }

    /// The agent's socket: `$SSH_AUTH_SOCK` unless the configuration names another
    /// variable, a path, or `none`.
    private static func agentSocket(_ choice: SSHConfigExtras.AgentChoice?, _ environment: [String: String]) -> String? {
        switch choice ?? .environment("SSH_AUTH_SOCK") {
        case .noAgent: nil
        case .environment(let name): environment[name].flatMap { $0.isEmpty ? nil : $0 }
        case .path(let path): path
        }
    }

    /// Seconds as the protocol's milliseconds; `.infinity` (no limit) is `UInt32.max`.
    static func wireMillis(_ seconds: Double) -> UInt32 {
        seconds.isFinite ? UInt32(clamping: Int(seconds * 1000)) : .max
    }

    /// `$CHORUS_KNOWN_HOSTS`, else ssh_config's `UserKnownHostsFile`, else the user's
    /// `~/.ssh/known_hosts` (`--known-hosts` wins over all).
    package static func defaultKnownHosts(_ environment: [String: String], sshConfig: String? = nil) -> String {
        if let path = environment["CHORUS_KNOWN_HOSTS"], !path.isEmpty { return path }
        return sshConfig ?? (environment["HOME"] ?? "/root") + "/.ssh/known_hosts"
    }
}

/// What a host and a bastion are sent alike: auth, known_hosts, policy, timeouts.
struct DispatchSettings {
    let auth: [AuthSpec]
    let knownHostsPath: String
    let hostKeyPolicy: WorkerProtocol.HostKeyPolicy
    let connectTimeoutMillis: UInt32
    let keepaliveSeconds: UInt16

    init(_ host: ResolvedHost, _ settings: RunSettings, environment: [String: String], extras: SSHConfigExtras?) {
        auth = host.authSpecs(environment, extras).map(\.withAbsolutePaths)
        knownHostsPath = absolutePath(settings.knownHostsPath ?? ResolvedHost.defaultKnownHosts(environment, sshConfig: extras?.knownHostsFile))
        hostKeyPolicy = HostKeyPolicyPrecedence.effective(settings, inventory: host.knownHostsPolicy).protocolPolicy
        connectTimeoutMillis = ResolvedHost.wireMillis(settings.connectTimeout(inventory: host.connectTimeout))
        // ssh_config's ServerAliveInterval beats only the built-in default.
        let keepalive = settings.keepaliveSource == .builtIn ? (extras?.keepaliveSeconds ?? settings.keepalive) : settings.keepalive
        keepaliveSeconds = UInt16(clamping: Int(keepalive.rounded(.up)))
    }
}

extension AuthSpec {
    /// Key files and agent sockets as absolute paths (see `absolutePath`).
    var withAbsolutePaths: AuthSpec {
        switch self {
        case .password, .keyData: self
        case .keyFile(let path, let passphrase): .keyFile(path: absolutePath(path), passphrase: passphrase)
        case .agent(let socket): .agent(socket: socket.map(absolutePath))
        }
    }
}

extension KnownHostsPolicy {
    /// The same policy in the protocol's terms.
    package var protocolPolicy: WorkerProtocol.HostKeyPolicy {
        switch self {
        case .strict: .strict
        case .acceptNew: .acceptNew
        case .off: .off
        }
    }
}
