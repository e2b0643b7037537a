#if canImport(Glibc)
import Glibc
#endif
import Inventory
import JobDispatch
import WorkerProtocol

extension ResolvedHost {
    /// The worker's settings for this host, its bastions (`jumps`, from
    /// `BastionResolver`) included. Auth methods in OpenSSH's spirit: the configured key,
    /// then the configured password; with neither, the agent and the user's default keys
    /// (`~/.ssh/id_ed25519`, `~/.ssh/id_ecdsa`).
    public func dispatchHost(_ settings: RunSettings, environment: [String: String], jumps: [JumpSpec] = []) -> DispatchHost {
        let common = DispatchSettings(self, settings, environment: environment)
        let spec = HostSpec(
            hostID: 0, name: name, hostname: hostname, port: UInt16(clamping: port),
            username: settings.user ?? username, auth: common.auth, knownHostsPath: common.knownHostsPath,
            hostKeyPolicy: common.hostKeyPolicy, connectTimeoutMillis: common.connectTimeoutMillis,
            keepaliveSeconds: common.keepaliveSeconds, jumps: jumps)
        return DispatchHost(name: name, spec: spec)
    }

    fileprivate func authSpecs(_ environment: [String: String]) -> [AuthSpec] {
        var specs: [AuthSpec] = []
        if let identityFile { specs.append(.keyFile(path: identityFile, passphrase: resolvedPassphrase(environment: environment))) }
        if let password = resolvedPassword(environment: environment) { specs.append(.password(password)) }
        guard specs.isEmpty else { return specs }
        if environment["SSH_AUTH_SOCK"] != nil { specs.append(.agent(socket: environment["SSH_AUTH_SOCK"])) }
        let home = environment["HOME"] ?? "/root"
        for key in ["id_ed25519", "id_ecdsa"] where access("\(home)/.ssh/\(key)", R_OK) == 0 {
            specs.append(.keyFile(path: "\(home)/.ssh/\(key)", passphrase: nil))
        }
        return specs
    }

    /// Seconds as the protocol's milliseconds; `.infinity` (no limit) is `UInt32.max`.
    static func wireMillis(_ seconds: Double) -> UInt32 {
        seconds.isFinite ? UInt32(clamping: Int(seconds * 1000)) : .max
    }

    /// `$CHORUS_KNOWN_HOSTS`, else the user's `~/.ssh/known_hosts` (`--known-hosts` wins over both).
    package static func defaultKnownHosts(_ environment: [String: String]) -> String {
        if let path = environment["CHORUS_KNOWN_HOSTS"], !path.isEmpty { return path }
        return (environment["HOME"] ?? "/root") + "/.ssh/known_hosts"
    }
}

/// What a host and a bastion are sent alike: auth, known_hosts, policy, timeouts.
struct DispatchSettings {
    let auth: [AuthSpec]
    let knownHostsPath: String
    let hostKeyPolicy: WorkerProtocol.HostKeyPolicy
    let connectTimeoutMillis: UInt32
    let keepaliveSeconds: UInt16

    init(_ host: ResolvedHost, _ settings: RunSettings, environment: [String: String]) {
        auth = host.authSpecs(environment)
        knownHostsPath = settings.knownHostsPath ?? ResolvedHost.defaultKnownHosts(environment)
        hostKeyPolicy = HostKeyPolicyPrecedence.effective(settings, inventory: host.knownHostsPolicy).protocolPolicy
        connectTimeoutMillis = ResolvedHost.wireMillis(settings.connectTimeout(inventory: host.connectTimeout))
        keepaliveSeconds = UInt16(clamping: Int(settings.keepalive.rounded(.up)))
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
