/// The options gathered for one host while walking the statements: the first applying
/// value of each wins (as ssh), `IdentityFile` and `CertificateFile` accumulate.
struct ResolveState {
    enum Proxy: Equatable, Sendable {
        case jump(SSHProxyJump)
        case command(String)
    }

    /// A path as written, ssh's `userprovided` flag (duplicates are dropped within one
    /// kind), and where it came from.
    struct PathEntry {
        let raw: String
        let userConfig: Bool
        let origin: SSHConfigOrigin
    }

    var hostName: SSHSetting<String>?
    /// Set before the second pass: ssh fixes HostName to the final name then, so no
    /// later HostName line applies, even when none did in the first pass.
    var hostNameLocked = false
    var user: SSHSetting<String>?
    var port: SSHSetting<Int>?
    var identityFiles: [PathEntry] = []
    var certificateFiles: [PathEntry] = []
    var identitiesOnly: SSHSetting<Bool>?
    var identityAgent: SSHSetting<String>?
    var userKnownHostsFiles: SSHSetting<[String]>?
    var globalKnownHostsFiles: SSHSetting<[String]>?
    var strictHostKeyChecking: SSHSetting<SSHStrictHostKeyChecking>?
    var hashKnownHosts: SSHSetting<Bool>?
    var connectTimeout: SSHSetting<Int>?
    var serverAliveInterval: SSHSetting<Int>?
    var serverAliveCountMax: SSHSetting<Int>?
    var batchMode: SSHSetting<Bool>?
    var permitLocalCommand: SSHSetting<Bool>?
    var proxy: SSHSetting<Proxy>?
    /// Warned keywords (by printed name) with their first applying value, in order.
    var warned: [(name: String, value: String, origin: SSHConfigOrigin)] = []
    var ignoreUnknown: String?
    var matchWarnings: [SSHConfigWarning] = []

    mutating func apply(_ option: ConfigOption, _ origin: SSHConfigOrigin) {
        switch option {
        case .hostName(let value): if !hostNameLocked { Self.first(&hostName, value, origin) }
        case .user(let value): Self.first(&user, value, origin)
        case .port(let value): Self.first(&port, value, origin)
        case .identityFile(let raw, let userConfig): Self.add(&identityFiles, PathEntry(raw: raw, userConfig: userConfig, origin: origin))
        case .certificateFile(let raw, let userConfig):
            Self.add(&certificateFiles, PathEntry(raw: raw, userConfig: userConfig, origin: origin))
        case .identitiesOnly(let value): Self.first(&identitiesOnly, value, origin)
        case .identityAgent(let value): Self.first(&identityAgent, value, origin)
        case .userKnownHostsFiles(let value): Self.first(&userKnownHostsFiles, value, origin)
        case .globalKnownHostsFiles(let value): Self.first(&globalKnownHostsFiles, value, origin)
        case .strictHostKeyChecking(let value): Self.first(&strictHostKeyChecking, value, origin)
        case .hashKnownHosts(let value): Self.first(&hashKnownHosts, value, origin)
        case .connectTimeout(let value): if let value { Self.first(&connectTimeout, value, origin) }
        case .serverAliveInterval(let value): if let value { Self.first(&serverAliveInterval, value, origin) }
        case .serverAliveCountMax(let value): Self.first(&serverAliveCountMax, value, origin)
        case .proxyJump(let value): Self.first(&proxy, .jump(value), origin)
        case .proxyCommand(let value): Self.first(&proxy, .command(value), origin)
        case .batchMode(let value): Self.first(&batchMode, value, origin)
        case .permitLocalCommand(let value): Self.first(&permitLocalCommand, value, origin)
        }
    }

    mutating func applyWarned(_ name: String, _ value: String, _ origin: SSHConfigOrigin) {
        if !warned.contains(where: { $0.name == name }) { warned.append((name, value, origin)) }
    }

    private static func first<Value>(_ slot: inout SSHSetting<Value>?, _ value: Value, _ origin: SSHConfigOrigin) {
        if slot == nil { slot = SSHSetting(value, origin) }
    }

    /// `add_identity_file`: the same path of the same kind is not added twice.
    private static func add(_ list: inout [PathEntry], _ entry: PathEntry) {
        if !list.contains(where: { $0.raw == entry.raw && $0.userConfig == entry.userConfig }) { list.append(entry) }
    }
}
