import Diagnostics

/// Turns a pattern (`web[01-10]!web05,@db&@eu,web*`) into a host set: scans it, resolves
/// groups and globs, and applies the operators left to right, as ClusterShell's
/// `ParsingEngine.parse_string` does.
public struct PatternParser: Sendable {
    public var groups: any HostGroupResolver
    public var lastResults: any LastResultResolver
    /// Most names a pattern (and each operand of it) may name; see `RangeSet.defaultLimit`.
    public var limit: Int

    public init(
        groups: any HostGroupResolver = NoGroups(), lastResults: any LastResultResolver = NoPreviousCommand(),
        limit: Int = RangeSet.defaultLimit
    ) {
        self.groups = groups
        self.lastResults = lastResults
        self.limit = limit
    }

    public func parse(_ text: String) throws(PatternError) -> HostSet {
        guard !text.pyStrip.isEmpty else { throw PatternError(.emptyPattern, part: text) }
        var result = HostSet()
        var bound = 0  // an upper bound on result.count, to avoid counting after every step
        for operand in try PatternScanner.scan(text, limit: limit) {
            let hosts = try resolve(operand)
            let size = hosts.count
            result.apply(operand.joinedBy, hosts)
            bound = Self.bound(after: operand.joinedBy, previous: bound, operand: size)
            if bound > limit {
                bound = result.count
                guard bound <= limit else {
                    throw PatternError(.tooManyHosts(count: bound, limit: limit), part: text)
                }
            }
        }
        return result
    }

    private static func bound(after op: SetOperator, previous: Int, operand: Int) -> Int {
        switch op {
        case .union, .symmetricDifference: previous + operand
        case .difference: previous
        case .intersection: min(previous, operand)
        }
    }

    /// The hosts one operand stands for: a group, a glob, or the names themselves.
    /// Globs are matched against the known hosts without expanding their ranges.
    private func resolve(_ operand: PatternScanner.Operand) throws(PatternError) -> HostSet {
        let named = HostSet(pattern: operand.pattern, indexes: operand.indexes)
        if operand.pattern.literals[0].hasPrefix("@") {
            var members = HostSet()
            for group in named.names { members.formUnion(try resolveGroup(group)) }
            return members
        }
        if operand.pattern.literals.contains(where: Glob.hasWildcards) {
            let glob = SlottedGlob(literals: operand.pattern.literals, slots: operand.indexes)
            return HostSet(names: groups.allHosts.names.filter(glob.matches))
        }
        return named
    }

    /// `@name`, `@*`, or `@last:OUTCOME`.
    private func resolveGroup(_ reference: String) throws(PatternError) -> HostSet {
        let name = String(reference.dropFirst())
        if let (source, key) = name.splitOnce(":") {
            guard source == "last" else { throw PatternError(.unknownGroupSource, part: reference) }
            guard let outcome = LastOutcome(rawValue: String(key)) else {
                let suggestion = Suggestion.closest(to: String(key), among: LastOutcome.allCases.map(\.rawValue))
                throw PatternError(.unknownLastOutcome(suggestion: suggestion.map { "@last:" + $0 }), part: reference)
            }
            return try lastResults.hosts(withOutcome: outcome)
        }
        if name == "*" { return groups.allHosts }
        guard let members = groups.hosts(inGroup: name) else {
            let suggestion = Suggestion.closest(to: reference, among: groups.groupNames.map { "@" + $0 })
            throw PatternError(.unknownGroup(suggestion: suggestion), part: reference)
        }
        return members
    }
}

extension HostSet {
    /// Parses `pattern` with no groups and no known hosts (names and ranges only).
    public init(parsing pattern: String, limit: Int = RangeSet.defaultLimit) throws(PatternError) {
        self = try PatternParser(limit: limit).parse(pattern)
    }

    mutating func apply(_ op: SetOperator, _ other: HostSet) {
        switch op {
        case .union: formUnion(other)
        case .difference: subtract(other)
        case .intersection: formIntersection(other)
        case .symmetricDifference: formSymmetricDifference(other)
        }
    }
}
