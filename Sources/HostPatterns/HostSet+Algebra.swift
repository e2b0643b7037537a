// Set algebra on host sets: a port of NodeSetBase.update / difference_update /
// intersection_update / symmetric_difference_update, including where ClusterShell
// folds multi-dimensional sets (see RangeSetND for why that matters).

extension HostSet {
    public func union(_ other: HostSet) -> HostSet { var copy = self; copy.formUnion(other); return copy }
    public func subtracting(_ other: HostSet) -> HostSet { var copy = self; copy.subtract(other); return copy }
    public func intersection(_ other: HostSet) -> HostSet { var copy = self; copy.formIntersection(other); return copy }
    public func symmetricDifference(_ other: HostSet) -> HostSet {
        var copy = self
        copy.formSymmetricDifference(other)
        return copy
    }

    public func isSubset(of other: HostSet) -> Bool { subtracting(other).isEmpty }

    /// `update`: new patterns are added folded (ClusterShell copies, and copying folds).
    public mutating func formUnion(_ other: HostSet) {
        for (pattern, theirs) in other.patterns {
            guard let mine = patterns[pattern] else {
                patterns[pattern] = theirs.foldedCopy()
                continue
            }
            switch (mine, theirs) {
            case (.one(var set), .one(let more)):
                set.formUnion(more)
                patterns[pattern] = .one(set)
            case (.many(var set), .many(let more)):
                set.formUnion(more)
                patterns[pattern] = .many(set)
            default: break  // same pattern, same dimensions: .none with .none
            }
        }
    }

    /// `difference_update`: a pattern left without indexes disappears.
    public mutating func subtract(_ other: HostSet) {
        for (pattern, theirs) in other.patterns {
            guard let mine = patterns[pattern] else { continue }
            switch (mine, theirs) {
            case (.one(let set), .one(let removed)):
                let rest = set.subtracting(removed)
                patterns[pattern] = rest.isEmpty ? nil : .one(rest)
            case (.many(var set), .many(let removed)):
                set.subtract(removed)
                patterns[pattern] = set.count() == 0 ? nil : .many(set)
            default:
                patterns[pattern] = nil
            }
        }
    }

    /// `intersection_update`: only patterns both sides have survive.
    public mutating func formIntersection(_ other: HostSet) {
        var kept: [NamePattern: Indexes] = [:]
        for (pattern, theirs) in other.patterns {
            guard let mine = patterns[pattern] else { continue }
            switch (mine, theirs) {
            case (.one(let set), .one(let more)):
                let common = set.intersection(more)
                if !common.isEmpty { kept[pattern] = .one(common) }
            case (.many(var set), .many(let more)):
                var common = set.folded()
                common.formIntersection(more)
                if common.count() > 0 { kept[pattern] = .many(common) }
            default:
                kept[pattern] = Indexes.none
            }
        }
        patterns = kept
    }

    /// `symmetric_difference_update`; ends by counting (so folding) every pattern, as
    /// ClusterShell's purge loop does.
    public mutating func formSymmetricDifference(_ other: HostSet) {
        var purged: [NamePattern] = []
        for (pattern, mine) in patterns {
            guard let theirs = other.patterns[pattern] else { continue }
            switch (mine, theirs) {
            case (.one(let set), .one(let more)): patterns[pattern] = .one(set.symmetricDifference(more))
            case (.many(var set), .many(let more)):
                set.formSymmetricDifference(more)
                patterns[pattern] = .many(set)
            default: purged.append(pattern)  // a name without numbers on both sides
            }
        }
        for (pattern, theirs) in other.patterns where patterns[pattern] == nil {
            patterns[pattern] = theirs.foldedCopy()
        }
        for (pattern, var indexes) in patterns {
            if case .none = indexes { continue }
            if indexes.count() == 0 { purged.append(pattern) } else { patterns[pattern] = indexes }
        }
        for pattern in purged { patterns[pattern] = nil }
    }
}

extension HostSet.Indexes {
    /// ClusterShell's `rangeset.copy()`, which folds a multi-dimensional set.
    func foldedCopy() -> HostSet.Indexes {
        guard case .many(var set) = self else { return self }
        return .many(set.folded())
    }
}
