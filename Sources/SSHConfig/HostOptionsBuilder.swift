#if canImport(Glibc)
import Glibc
#endif

/// From the gathered state to `SSHHostOptions`: paths expanded with the final host, user
/// and port (as ssh expands them after reading the configuration), warnings made.
struct HostOptionsBuilder {
    let state: ResolveState
    let alias: String
    let host: String
    let localUser: String
    let home: String

    func build() throws(SSHConfigError) -> SSHHostOptions {
        var options = SSHHostOptions(alias: alias, host: host)
        options.hostName = state.hostName.map { SSHSetting(host, $0.origin) }
        (options.user, options.port) = (state.user, state.port)
        (options.identitiesOnly, options.strictHostKeyChecking) = (state.identitiesOnly, state.strictHostKeyChecking)
        (options.hashKnownHosts, options.connectTimeout) = (state.hashKnownHosts, state.connectTimeout)
        (options.serverAliveInterval, options.serverAliveCountMax) = (state.serverAliveInterval, state.serverAliveCountMax)
        options.batchMode = state.batchMode
        if let proxy = state.proxy, case .jump(let jump) = proxy.value { options.proxyJump = SSHSetting(jump, proxy.origin) }
        if !state.certificateFiles.isEmpty {
            options.certificateFiles = state.certificateFiles.map { SSHSetting($0.raw, $0.origin) }
        }
        try expandPaths(into: &options)
        options.warnings = state.matchWarnings + warnings()
        return options
    }

    /// IdentityFile, the known-hosts files and IdentityAgent, expanded as ssh does.
    private func expandPaths(into options: inout SSHHostOptions) throws(SSHConfigError) {
        let expansion = tokens()
        if !state.identityFiles.isEmpty {
            var files: [SSHSetting<String>] = []
            for entry in state.identityFiles where entry.raw.lowercased() != "none" {
                files.append(SSHSetting(try expand(entry.raw, "IdentityFile", entry.origin, expansion), entry.origin))
            }
            options.identityFiles = files
        }
        options.userKnownHostsFiles = try knownHosts(
            state.userKnownHostsFiles, "UserKnownHostsFile", expansion, tokens: true)
        options.globalKnownHostsFiles = try knownHosts(
            state.globalKnownHostsFiles, "GlobalKnownHostsFile", expansion, tokens: false)
        if let agent = state.identityAgent {
            let expanded = try expand(agent.value, "IdentityAgent", agent.origin, expansion)
            options.identityAgent = SSHSetting(Self.agent(expanded), agent.origin)
        }
    }

    /// ssh's client tokens for this host (all but `%C`).
    private func tokens() -> TokenExpansion {
        let remoteUser = state.user?.value ?? localUser
        let port = state.port?.value ?? ValueParsers.defaultPort
        let thisHost = Self.localHostName()
        let keyAlias = state.warned.first { $0.name == "HostKeyAlias" }?.value ?? alias
        let table: [Character: String] = [
            "d": home, "u": localUser, "h": host, "r": remoteUser, "p": String(port), "n": alias,
            "i": String(getuid()), "l": thisHost, "L": String(thisHost.prefix { $0 != "." }), "k": keyAlias,
        ]
        var tokens: [UInt8: String] = [:]
        for (letter, value) in table { tokens[letter.asciiValue ?? 0] = value }
        return TokenExpansion(tokens: tokens, home: home)
    }

    private func expand(_ raw: String, _ name: String, _ origin: SSHConfigOrigin, _ expansion: TokenExpansion)
        throws(SSHConfigError) -> String
    {
        do {
            return try expansion.expandPath(raw)
        } catch {
            throw SSHConfigError(origin, "bad \(name) '\(raw)': \(error.message)")
        }
    }

    /// Known-hosts lists: `none` → empty; the user list gets tokens, the global one `~` only.
    private func knownHosts(_ setting: SSHSetting<[String]>?, _ name: String, _ expansion: TokenExpansion, tokens: Bool)
        throws(SSHConfigError) -> SSHSetting<[String]>?
    {
        guard let setting else { return nil }
        if setting.value.first?.lowercased() == "none" { return SSHSetting([], setting.origin) }
        var files: [String] = []
        for raw in setting.value {
            if tokens {
                files.append(try expand(raw, name, setting.origin, expansion))
            } else {
                do { files.append(try expansion.tilde(raw)) } catch {
                    throw SSHConfigError(setting.origin, "bad \(name) '\(raw)': \(error.message)")
                }
            }
        }
        return SSHSetting(files, setting.origin)
    }

    /// `IdentityAgent` as ssh.c reads it once expanded.
    static func agent(_ value: String) -> SSHIdentityAgent {
        if value == "none" { return .none }
        if value == "SSH_AUTH_SOCK" { return .environment(value) }
        if value.hasPrefix("$"), !value.hasPrefix("${") { return .environment(String(value.dropFirst())) }
        return .path(value)
    }

    /// One line per warned setting whose value matters; LocalCommand only with
    /// PermitLocalCommand yes (ssh runs it only then).
    private func warnings() -> [SSHConfigWarning] {
        var warnings: [SSHConfigWarning] = []
        if let proxy = state.proxy, case .command(let command) = proxy.value, command.lowercased() != "none" {
            warnings.append(warning("proxycommand", proxy.origin))
        }
        if let first = state.certificateFiles.first { warnings.append(warning("certificatefile", first.origin)) }
        for (name, value, origin) in state.warned {
            guard let spec = WarnedKeyword.table[name.lowercased()], spec.applies(value) else { continue }
            if name == "LocalCommand", state.permitLocalCommand?.value != true { continue }
            warnings.append(warning(name.lowercased(), origin))
        }
        return warnings
    }

    private func warning(_ key: String, _ origin: SSHConfigOrigin) -> SSHConfigWarning {
        let spec = WarnedKeyword.table[key]
        let consequence = (spec?.consequence ?? "").replacingAll("%h", with: "host \(alias)")
        return SSHConfigWarning(origin: origin, message: "\(spec?.name ?? key) is not supported by chorus; \(consequence)")
    }

    /// The local host name (ssh's `%l`). The C function is `gethostname`.
    static func localHostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension String {
    /// Every `target` replaced, without Foundation.
    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
