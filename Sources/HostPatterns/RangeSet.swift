/// A set of range indexes (`1-5,7`, `01-10`), kept sorted the way ClusterShell sorts
/// them: by printed width, then by value. Sorted arrays make the set algebra linear
/// merges and folding a single pass.
public struct RangeSet: Hashable, Sendable, Sequence, CustomStringConvertible {
    /// Sorted (see `RangeIndex.<`) and free of duplicates.
    public private(set) var indexes: [RangeIndex]

    public init() { indexes = [] }

    /// Any indexes, in any order, duplicates allowed.
    public init(_ indexes: some Sequence<RangeIndex>) {
        self.indexes = Array(Set(indexes)).sorted()
    }

    /// Indexes already sorted and unique (the merges below produce such arrays).
    init(sorted: [RangeIndex]) { indexes = sorted }

    public var count: Int { indexes.count }
    public var isEmpty: Bool { indexes.isEmpty }
    public var first: RangeIndex? { indexes.first }
    public var last: RangeIndex? { indexes.last }
    public func makeIterator() -> IndexingIterator<[RangeIndex]> { indexes.makeIterator() }

    public func contains(_ index: RangeIndex) -> Bool {
        var low = 0, high = indexes.count
        while low < high {
            let middle = (low + high) / 2
            if indexes[middle] < index { low = middle + 1 } else { high = middle }
        }
        return low < indexes.count && indexes[low] == index
    }
}

// MARK: - Set algebra by merging sorted arrays

extension RangeSet {
    public func union(_ other: RangeSet) -> RangeSet { merge(other, keepOnlyLeft: true, keepOnlyRight: true, keepBoth: true) }
    public func intersection(_ other: RangeSet) -> RangeSet { merge(other, keepOnlyLeft: false, keepOnlyRight: false, keepBoth: true) }
    public func subtracting(_ other: RangeSet) -> RangeSet { merge(other, keepOnlyLeft: true, keepOnlyRight: false, keepBoth: false) }
    public func symmetricDifference(_ other: RangeSet) -> RangeSet {
        merge(other, keepOnlyLeft: true, keepOnlyRight: true, keepBoth: false)
    }

    public mutating func formUnion(_ other: RangeSet) {
        if other.isEmpty { return }
        if isEmpty { self = other; return }
        if let mine = last, let theirs = other.first, mine < theirs { indexes += other.indexes; return }
        self = union(other)
    }

    public func isSubset(of other: RangeSet) -> Bool { count <= other.count && intersection(other).count == count }
    public func isSuperset(of other: RangeSet) -> Bool { other.isSubset(of: self) }
    /// Python's `rg1 < rg2` on sets: a proper subset.
    public func isStrictSubset(of other: RangeSet) -> Bool { count < other.count && isSubset(of: other) }
    public func isStrictSuperset(of other: RangeSet) -> Bool { other.isStrictSubset(of: self) }
    public func isDisjoint(with other: RangeSet) -> Bool { intersection(other).isEmpty }

    private func merge(_ other: RangeSet, keepOnlyLeft: Bool, keepOnlyRight: Bool, keepBoth: Bool) -> RangeSet {
        var result: [RangeIndex] = []
        result.reserveCapacity(Swift.max(count, other.count))
        var left = 0, right = 0
        let a = indexes, b = other.indexes
        while left < a.count, right < b.count {
            if a[left] < b[right] {
                if keepOnlyLeft { result.append(a[left]) }
                left += 1
            } else if b[right] < a[left] {
                if keepOnlyRight { result.append(b[right]) }
                right += 1
            } else {
                if keepBoth { result.append(a[left]) }
                left += 1
                right += 1
            }
        }
        if keepOnlyLeft { result += a[left...] }
        if keepOnlyRight { result += b[right...] }
        return RangeSet(sorted: result)
    }
}
