import Secrets
import Diagnostics

/// The keys a host (or `[DEFAULT]`, or a `[group:NAME]` section) may set, and how each
/// value is checked and applied. One table, so warnings, docs and parsing agree.
enum HostField: String, CaseIterable {
    case hostname, port, username, password
    case passwordEnv = "password_env"
    case passphrase
    case passphraseEnv = "passphrase_env"
    case passwordPrompt = "password_prompt"
    case identityFile = "identity_file"
    case knownHostsPolicy = "known_hosts_policy"
    case connectTimeout = "connect_timeout"
    case proxyJump = "proxy_jump"
    case gateway
    case groups

    static var names: [String] { allCases.map(\.rawValue) }

    /// Keys whose values are secrets: never quoted in errors, and they make a file's
    /// permissions matter.
    var isSecret: Bool { self == .password || self == .passphrase }

    /// Whether an INI key may hold a secret, for the reader's own errors, which come
    /// before any field is known: any key naming a password or passphrase (and its
    /// `_env` form, whose value says where the secret is), and any spelling of them.
    /// Wider than `isSecret` on purpose: a typo'd `pasword = …` is still a password.
    static func mayHoldSecret(_ key: some StringProtocol) -> Bool {
        let key = key.lowercased()
        return ["pass", "secret", "token"].contains { key.contains($0) }
    }

    /// Checks `value` and stores it in `host`. `context` supplies what `~` means.
    func apply(_ value: String, to host: inout ResolvedHost, context: FieldContext) throws(FieldError) {
        if self != .groups { host.setFields.insert(rawValue) }
        switch self {
        case .hostname: host.hostname = try Self.nonEmpty(value)
        case .port: host.port = try Self.port(value)
        case .username: host.username = try Self.nonEmpty(value)
        case .password: host.password = Secret(value)
        case .passphrase: host.passphrase = Secret(value)
        case .passwordEnv: host.passwordEnv = try Self.variableName(value)
        case .passphraseEnv: host.passphraseEnv = try Self.variableName(value)
        case .passwordPrompt: host.passwordPrompt = try Self.boolean(value)
        case .identityFile: host.identityFile = context.expandTilde(try Self.nonEmpty(value))
        case .knownHostsPolicy: host.knownHostsPolicy = try Self.policy(value)
        case .connectTimeout: host.connectTimeout = try Self.seconds(value)
        case .proxyJump: host.proxyJump = try Self.proxyJump(value)
        case .gateway: host.gateways = try Self.gateways(value)
        case .groups: break  // membership is gathered separately (it adds up, never overrides)
        }
    }

    struct FieldError: Error { let reason: String }

    private static func nonEmpty(_ value: String) throws(FieldError) -> String {
        guard !value.isEmpty else { throw FieldError(reason: "must not be empty") }
        return value
    }

    private static func port(_ value: String) throws(FieldError) -> Int {
        guard !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(value), (1...65535).contains(port)
        else { throw FieldError(reason: "expected a port number from 1 to 65535") }
        return port
    }

    private static func variableName(_ value: String) throws(FieldError) -> String {
        guard let first = value.first, first == "_" || (first.isASCII && first.isLetter),
              value.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
        else { throw FieldError(reason: "expected an environment variable name like CHORUS_PASSWORD") }
        return value
    }

    /// configparser's `getboolean` words.
    private static func boolean(_ value: String) throws(FieldError) -> Bool {
        switch value.lowercased() {
        case "1", "yes", "true", "on": return true
        case "0", "no", "false", "off": return false
        default: throw FieldError(reason: "expected yes or no (also true/false, on/off, 1/0)")
        }
    }

    private static func policy(_ value: String) throws(FieldError) -> KnownHostsPolicy {
        if let policy = KnownHostsPolicy(rawValue: value) { return policy }
        let names = KnownHostsPolicy.allCases.map(\.rawValue)
        throw FieldError(reason: "expected one of \(names.joined(separator: ", "))" + Suggestion.didYouMean(value, among: names))
    }

    private static func seconds(_ value: String) throws(FieldError) -> Double {
        guard let seconds = Seconds.parse(value) else {
            throw FieldError(reason: "expected \(Seconds.expectation)")
        }
        return seconds
    }

    private static func proxyJump(_ value: String) throws(FieldError) -> [String] {
        do {
            return try ProxyJumpList.parse(value)
        } catch {
            throw FieldError(reason: error.reason)
        }
    }

    /// `gateway = gw1` or `gateway = gw1,gw2` (any of them may carry the host), or `none`.
    private static func gateways(_ value: String) throws(FieldError) -> [String] {
        do {
            return try ProxyJumpList.parse(value, noun: "gateway")
        } catch {
            throw FieldError(reason: error.reason)
        }
    }

    /// `groups = web, db` or `groups = web db`.
    static func groupList(_ value: String) -> [String] {
        value.split { $0 == "," || $0.isWhitespace }.map(String.init)
    }
}

/// What field parsing needs from the outside world: the home directories for `~`.
struct FieldContext {
    var home: String?
    var homeOfUser: (String) -> String?

    /// `~` and `~/x` use `home`; `~user/x` asks the password database; others stay.
    func expandTilde(_ path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        let slash = path.firstIndex(of: "/") ?? path.endIndex
        let user = path[path.index(after: path.startIndex)..<slash]
        guard let base = user.isEmpty ? home : homeOfUser(String(user)) else { return path }
        return base + path[slash...]
    }
}
