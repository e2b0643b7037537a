#if canImport(Glibc)
import Glibc
#endif

/// Walks the statements for one host as ssh's `process_config_files` does: the
/// command-line lines, then each file with every block applying until the first
/// `Host`/`Match`; an `Include` inherits whether its line applied, and a file included
/// where it did not is read with every `Host`/`Match` failing (ssh's NEVERMATCH). When a
/// `Match final` exists (or CanonicalizeHostname is on), a second pass follows with the
/// final name, `Host` lines matching that name, as ssh does.
struct Resolver {
    let alias: String
    let localUser: String
    var state = ResolveState()
    private var finalPass = false
    private var wantsFinalPass = false
    private var finalHost = ""

    init(alias: String, localUser: String) {
        self.alias = alias
        self.localUser = localUser
    }

    mutating func run(prelude: [ConfigStatement], files: [ConfigFile]) throws(SSHConfigError) {
        var active = true
        try walk(prelude, active: &active, neverMatch: false)
        try walkFiles(files)
        let canonicalize = state.warned.first { $0.name == "CanonicalizeHostname" }.map { !["no", "false"].contains($0.value) }
        guard wantsFinalPass || canonicalize == true else { return }
        finalHost = try connectHost()
        state.hostNameLocked = true
        finalPass = true
        try walkFiles(files)
    }

    private mutating func walkFiles(_ files: [ConfigFile]) throws(SSHConfigError) {
        for file in files {
            var active = true
            try walk(file.statements, active: &active, neverMatch: false)
        }
    }

    private mutating func walk(_ statements: [ConfigStatement], active: inout Bool, neverMatch: Bool) throws(SSHConfigError) {
        for statement in statements {
            switch statement {
            case .host(let patterns, _):
                active = !neverMatch && Self.hostLineMatches(finalPass ? finalHost : alias, patterns)
            case .match(let line):
                if !finalPass, line.wantsFinalPass { wantsFinalPass = true }
                let applies = try evaluate(line)
                active = !neverMatch && applies
            case .include(let files):
                try walkIncluded(files, active: &active, neverMatch: neverMatch)
            default:
                try apply(statement, active: active)
            }
        }
    }

    /// Each included file starts in the including line's state and leaves it unchanged;
    /// where that line did not apply, nothing in the files can match.
    private mutating func walkIncluded(_ files: [ConfigFile], active: inout Bool, neverMatch: Bool) throws(SSHConfigError) {
        let outer = active
        for file in files {
            try walk(file.statements, active: &active, neverMatch: neverMatch || !outer)
            active = outer
        }
    }

    /// An option line: taken when its block applies (the first value wins). An unknown
    /// keyword is checked whether or not it applies, as ssh checks keywords on reading.
    private mutating func apply(_ statement: ConfigStatement, active: Bool) throws(SSHConfigError) {
        switch statement {
        case .option(let option, let origin):
            if active { state.apply(option, origin) }
        case .warned(let key, let value, let origin):
            if active { state.applyWarned(key, value, origin) }
        case .ignoreUnknown(let list, _):
            if active, state.ignoreUnknown == nil { state.ignoreUnknown = list }
        case .unknown(let keyword, let origin):
            guard let list = state.ignoreUnknown, SSHPattern.matchList(keyword, list, lowercasePatterns: true) == .matched else {
                throw SSHConfigError(origin, "bad configuration option '\(keyword)'")
            }
        case .host, .match, .include:
            break
        }
    }

    /// A `Host` line: some pattern matches and no `!pattern` does (case-sensitive).
    static func hostLineMatches(_ name: String, _ patterns: [String]) -> Bool {
        var matched = false
        for pattern in patterns {
            let negated = pattern.hasPrefix("!")
            guard SSHPattern.matches(name, negated ? String(pattern.dropFirst()) : pattern) else { continue }
            if negated { return false }
            matched = true
        }
        return matched
    }

    private mutating func evaluate(_ line: MatchLine) throws(SSHConfigError) -> Bool {
        let host = finalPass ? finalHost : try hostNameSoFar()
        let subject = MatchSubject(
            host: host, originalHost: alias, remoteUser: state.user?.value ?? localUser, localUser: localUser,
            finalPass: finalPass)
        let (applies, warning) = line.evaluate(subject)
        if let warning, !state.matchWarnings.contains(warning) { state.matchWarnings.append(warning) }
        return applies
    }

    /// HostName with `%h` (the alias) and `%%` expanded, or the alias (ssh's
    /// `percent_expand(hostname, "h", host)`; any other token is an error).
    func hostNameSoFar() throws(SSHConfigError) -> String {
        guard let setting = state.hostName else { return alias }
        do {
            return try TokenExpansion(tokens: [UInt8(ascii: "h"): alias], home: "").expand(setting.value, dollar: false)
        } catch {
            throw SSHConfigError(setting.origin, "bad HostName '\(setting.value)': \(error.message)")
        }
    }

    /// The name ssh connects to: lowercased unless it is an address.
    func connectHost() throws(SSHConfigError) -> String {
        if finalPass { return finalHost }
        let host = try hostNameSoFar()
        return Self.isAddress(host) ? host : String(decoding: host.utf8.map(ConfigLexer.lowercased), as: UTF8.self)
    }

    /// ssh's `is_addr`: a numeric IPv4 or IPv6 address. The C function is `inet_pton`.
    static func isAddress(_ text: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        let bare = text.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? text
        return inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, bare, &buffer) == 1
    }
}
