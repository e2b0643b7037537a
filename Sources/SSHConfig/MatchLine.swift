/// A `Match` line, read with `strdelim` as readconf.c's `match_cfg_line` does. Chorus
/// evaluates `all`, `host` (the HostName so far, `%h` expanded), `originalhost` (the
/// name as typed), `user` (the remote user so far), `localuser`, and `canonical`/`final`
/// (true on the second pass, which ssh makes when a `Match final` exists). `exec`, and
/// `localnetwork`/`tagged` of later OpenSSH, cannot be evaluated: the block does not
/// apply (it can only add settings, never take one back) and the host gets a warning.
/// Any other attribute is an error, as in ssh.
struct MatchLine: Sendable {
    enum Attribute: Sendable, Equatable {
        case all, canonical, final
        case host(String), originalHost(String), user(String), localUser(String)
        /// Cannot be evaluated by Chorus: the name, and the argument as written.
        case unsupported(String, String)
    }

    struct Criterion: Sendable {
        let negated: Bool
        let attribute: Attribute
    }

    let criteria: [Criterion]
    let origin: SSHConfigOrigin

    /// Whether a criterion is `final` (then ssh reads the configuration twice).
    var wantsFinalPass: Bool { criteria.contains { $0.attribute == .final } }

    static func parse(_ rest: [UInt8], origin: SSHConfigOrigin) throws(SSHConfigError) -> MatchLine {
        var cursor: [UInt8]? = rest
        var criteria: [Criterion] = []
        while let criterion = try next(&cursor, after: criteria.count, origin) {
            criteria.append(criterion)
            if criterion.attribute == .all { break }
        }
        guard !criteria.isEmpty else { throw SSHConfigError(origin, "Match needs one or more criteria") }
        if let cursor, !cursor.isEmpty { throw SSHConfigError(origin, "Match: extra arguments at end of line") }
        return MatchLine(criteria: criteria, origin: origin)
    }

    /// The criterion at `cursor` (moved past it), or nil at the end or a comment.
    private static func next(_ cursor: inout [UInt8]?, after count: Int, _ origin: SSHConfigOrigin)
        throws(SSHConfigError) -> Criterion?
    {
        let (word, after) = ConfigLexer.strdelim(cursor)
        cursor = after
        guard let word, !word.isEmpty else { return nil }
        if word.first == ConfigLexer.hash {
            cursor = nil
            return nil
        }
        let negated = word.first == UInt8(ascii: "!")
        let name = String(decoding: word.dropFirst(negated ? 1 : 0).map(ConfigLexer.lowercased), as: UTF8.self)
        switch name {
        case "all":
            try checkAlone(count, &cursor, origin)
            return Criterion(negated: negated, attribute: .all)
        case "canonical", "final":
            return Criterion(negated: negated, attribute: name == "final" ? .final : .canonical)
        default:
            let (argument, rest) = ConfigLexer.strdelim(cursor)
            cursor = rest
            guard let argument, let first = argument.first, first != ConfigLexer.hash else {
                throw SSHConfigError(origin, "missing argument for Match \(name)")
            }
            return Criterion(negated: negated, attribute: try attribute(name, String(decoding: argument, as: UTF8.self), origin))
        }
    }

    /// `all` stands alone (ssh lets one criterion come before it, and nothing after).
    private static func checkAlone(_ before: Int, _ cursor: inout [UInt8]?, _ origin: SSHConfigOrigin) throws(SSHConfigError) {
        let (next, _) = ConfigLexer.strdelim(cursor)
        if before > 1 || (next.map { !$0.isEmpty && $0.first != ConfigLexer.hash } ?? false) {
            throw SSHConfigError(origin, "Match all cannot be combined with other criteria")
        }
        cursor = nil
    }

    private static func attribute(_ name: String, _ argument: String, _ origin: SSHConfigOrigin) throws(SSHConfigError) -> Attribute {
        switch name {
        case "host": return .host(argument)
        case "originalhost": return .originalHost(argument)
        case "user": return .user(argument)
        case "localuser": return .localUser(argument)
        case "exec", "localnetwork", "tagged": return .unsupported(name, argument)
        default: throw SSHConfigError(origin, "unsupported Match attribute '\(name)'")
        }
    }
}

/// What a `Match` line is evaluated against.
struct MatchSubject {
    let host: String
    let originalHost: String
    let remoteUser: String
    let localUser: String
    let finalPass: Bool
}

extension MatchLine {
    /// Whether the block applies, and a warning when it would have been evaluated but
    /// needs an attribute Chorus cannot evaluate.
    func evaluate(_ subject: MatchSubject) -> (applies: Bool, warning: SSHConfigWarning?) {
        var result = true
        var warning: SSHConfigWarning?
        for criterion in criteria {
            guard let matched = matches(criterion.attribute, subject) else {
                if result, warning == nil, case .unsupported(let name, let argument) = criterion.attribute {
                    warning = SSHConfigWarning(
                        origin: origin,
                        message: "Match \(criterion.negated ? "!" : "")\(name) \(argument) is not supported by chorus; "
                            + "the block is skipped for \(subject.originalHost)")
                }
                result = false
                continue
            }
            if criterion.attribute == .all { return (result && matched != criterion.negated, nil) }
            if matched == criterion.negated { result = false }
        }
        return (result, warning)
    }

    /// nil for an attribute Chorus cannot evaluate.
    private func matches(_ attribute: Attribute, _ subject: MatchSubject) -> Bool? {
        switch attribute {
        case .all: true
        case .canonical, .final: subject.finalPass
        case .host(let list): SSHPattern.matchHostname(subject.host, list)
        case .originalHost(let list): SSHPattern.matchHostname(subject.originalHost, list)
        case .user(let list): SSHPattern.matchList(subject.remoteUser, list, lowercasePatterns: false) == .matched
        case .localUser(let list): SSHPattern.matchList(subject.localUser, list, lowercasePatterns: false) == .matched
        case .unsupported: nil
        }
    }
}
