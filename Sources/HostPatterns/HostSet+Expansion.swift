// Expanding a host set to names, in ClusterShell's order: patterns sorted by text,
// then indexes in range-set order (for several dimensions: vector by vector, each
// as a cartesian product with the first dimension slowest).

extension HostSet {
    /// Every name, in order.
    public var names: [String] {
        var result: [String] = []
        forEachName { result.append($0) }
        return result
    }

    public func makeIterator() -> IndexingIterator<[String]> { names.makeIterator() }

    /// Calls `body` with each name, in order, without building the whole list.
    public func forEachName(_ body: (String) -> Void) {
        for (pattern, indexes) in sortedPatterns {
            switch indexes {
            case .none:
                body(pattern.format([]))
            case .one(let set):
                for index in set { body(pattern.format([index.description])) }
            case .many(var set):
                for vector in set.vectors() {
                    RangeSetND.forEachPoint(of: vector) { point in body(pattern.format(point.map(\.description))) }
                }
            }
        }
    }
}
