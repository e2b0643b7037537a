// Printing a host set folded (`web[01-05,07],db1`), exactly as ClusterShell's
// `str(NodeSet)` does with its default settings (no autostep, fold every axis).

extension HostSet {
    /// The folded form; parsing it gives the same set back.
    public var description: String {
        sortedPatterns.flatMap { pattern, indexes in Self.folded(pattern, indexes) }.joined(separator: ",")
    }

    /// The folded pieces of one pattern: one piece, or one per vector for several dimensions.
    private static func folded(_ pattern: NamePattern, _ indexes: Indexes) -> [String] {
        switch indexes {
        case .none:
            return [pattern.format([])]
        case .one(let set):
            return [pattern.format([bracketed(set)])]
        case .many(var set):
            return set.vectors().map { vector in pattern.format(vector.map(bracketed)) }
        }
    }

    /// `[1-3]` for several indexes, `1` for one.
    private static func bracketed(_ set: RangeSet) -> String {
        set.count > 1 ? "[\(set)]" : set.description
    }
}
