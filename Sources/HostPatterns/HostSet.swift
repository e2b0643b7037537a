/// A set of host names, stored the way ClusterShell's NodeSet stores them: names
/// grouped by `NamePattern`, each pattern with its indexes (none, one range set, or
/// several dimensions). This is what makes folding (`web[01-05,07]`) and set algebra
/// on ranges cheap, and keeps the order ClusterShell lists hosts in: by pattern text,
/// then by index.
public struct HostSet: Sendable, Sequence, CustomStringConvertible, Equatable {
    /// The indexes of one pattern.
    enum Indexes: Sendable {
        /// A name without numbers (`localhost`).
        case none
        case one(RangeSet)
        case many(RangeSetND)
    }

    var patterns: [NamePattern: Indexes] = [:]

    public init() {}

    /// A set of single names (no pattern syntax: `web[1-2]` is not expanded). Used for
    /// inventory host names and anything else that is already a list.
    public init(names: some Sequence<String>) {
        for name in names { formUnion(HostSet(single: name)) }
    }

    /// One host name, split into its pattern and numbers (`_scan_string_single`).
    init(single name: String) {
        if AdHocAddress.bracketedOperand(name[...]) != nil {
            self.init(pattern: NamePattern(literals: [name]), indexes: [])
            return
        }
        let (pattern, indexes) = PatternScanner.splitName(name[...])
        self.init(pattern: pattern, indexes: indexes)
    }

    init(pattern: NamePattern, indexes: [RangeSet]) {
        switch indexes.count {
        case 0: patterns[pattern] = Indexes.none
        case 1: patterns[pattern] = .one(indexes[0])
        default: patterns[pattern] = .many(RangeSetND(vector: indexes))
        }
    }

    /// Number of host names.
    public var count: Int {
        patterns.values.reduce(0) { total, indexes in
            var indexes = indexes
            return total + indexes.count()
        }
    }

    public var isEmpty: Bool { patterns.isEmpty }

    public func contains(_ name: String) -> Bool {
        HostSet(single: name).subtracting(self).isEmpty
    }

    /// Same names, whatever the internal representation.
    public static func == (lhs: HostSet, rhs: HostSet) -> Bool {
        lhs.count == rhs.count && rhs.subtracting(lhs).isEmpty
    }

    /// True when some index is negative (`n[-5]`, ClusterShell 1.9.1). Such a set may
    /// spell one name twice (`n[-5],n-5`: index -5 of `n%s` and index 5 of `n-%s`, two
    /// entries to ClusterShell too), and its folded text (`n-5`) parses back as the same
    /// names under other patterns, so it only compares equal by names.
    public var hasNegativeIndexes: Bool {
        patterns.values.contains { indexes in
            switch indexes {
            case .none: false
            case .one(let set): (set.first?.value ?? 0) < 0
            case .many(let set): set.rawVectors.contains { $0.contains { ($0.first?.value ?? 0) < 0 } }
            }
        }
    }

    /// Patterns in ClusterShell's order (sorted by their `%s` text).
    var sortedPatterns: [(NamePattern, Indexes)] {
        patterns.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension HostSet.Indexes {
    /// `len(rangeset)`; folds a multi-dimensional set first, as ClusterShell does.
    mutating func count() -> Int {
        switch self {
        case .none: return 1
        case .one(let set): return set.count
        case .many(var set):
            let count = set.count()
            self = .many(set)
            return count
        }
    }
}
