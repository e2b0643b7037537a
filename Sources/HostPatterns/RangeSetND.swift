/// Indexes of names with several numbers (`r[1-2]n[01-04]`): a list of vectors, each
/// vector one range set per dimension, standing for their cartesian product.
///
/// This is a port of ClusterShell's RangeSetND, keeping *when* it folds (its `_dirty`
/// flag and eager univariate folding on update), because its multi-dimensional folding
/// is a heuristic whose printed result depends on that history, and Chorus prints
/// exactly what ClusterShell prints.
struct RangeSetND: Sendable {
    /// `_veclist`: the vectors as they are, folded or not.
    private(set) var rawVectors: [[RangeSet]]
    private var dirty = true
    private var multivariateHint = false

    init(vector: [RangeSet]) {
        rawVectors = [vector]
    }

    private init(raw: [[RangeSet]]) {
        rawVectors = raw
    }

    var dimensions: Int { rawVectors.first?.count ?? 0 }
    var isEmpty: Bool { rawVectors.isEmpty }

    /// `veclist`: folds first if needed (ClusterShell's `precond_fold`).
    mutating func vectors() -> [[RangeSet]] {
        foldIfDirty()
        return rawVectors
    }

    /// `len()`: folds first, then sums the products (vectors are disjoint once folded).
    mutating func count() -> Int {
        foldIfDirty()
        return rawVectors.reduce(0) { $0 + Self.size(of: $1) }
    }

    /// `copy()`: folds this one, then returns it (value semantics make the copy).
    mutating func folded() -> RangeSetND {
        foldIfDirty()
        return self
    }

    static func size(of vector: [RangeSet]) -> Int {
        vector.reduce(1) { product, set in
            let (result, overflow) = product.multipliedReportingOverflow(by: set.count)
            return overflow ? Int.max : result
        }
    }
}

// MARK: - Set operations (RangeSetND.update, difference_update, intersection_update, …)

extension RangeSetND {
    /// `update(other)`: appends the other's raw vectors, then tries univariate folding.
    mutating func formUnion(_ other: RangeSetND) {
        rawVectors += other.rawVectors
        dirty = true
        if !multivariateHint { _ = foldUnivariate() }
    }

    /// `difference_update(other)`, on both raw vector lists.
    mutating func subtract(_ other: RangeSetND) {
        var result: [[RangeSet]] = []
        for vector in rawVectors {
            var pending = [vector]
            for removed in other.rawVectors {
                pending = pending.flatMap { Self.subtract(removed, from: $0) }
            }
            result += pending
        }
        setVectors(result)
    }

    /// One vector minus another: the pieces left, possibly overlapping (as ClusterShell).
    private static func subtract(_ removed: [RangeSet], from vector: [RangeSet]) -> [[RangeSet]] {
        var pieces: [[RangeSet]] = []
        for (position, (mine, theirs)) in zip(vector, removed).enumerated() {
            if mine == theirs || mine.isStrictSubset(of: theirs) { continue }
            if !mine.isDisjoint(with: theirs) {
                var piece = vector
                piece[position] = mine.subtracting(theirs)
                pieces.append(piece)
            } else {
                return [vector]
            }
        }
        return pieces
    }

    /// `intersection_update(other)`: pairwise intersections gathered through `update`.
    mutating func formIntersection(_ other: RangeSetND) {
        var gathered: RangeSetND?
        for vector in rawVectors {
            for theirs in other.rawVectors {
                let common = zip(vector, theirs).map { $0.intersection($1) }
                if common.contains(where: \.isEmpty) { continue }
                if gathered == nil { gathered = RangeSetND(raw: []) }
                gathered?.formUnion(RangeSetND(raw: [common]))
            }
        }
        setVectors(gathered?.vectors() ?? [])
    }

    /// `symmetric_difference_update(other)`: `other - self`, then `self -= other`, then union.
    mutating func formSymmetricDifference(_ other: RangeSetND) {
        var folded = other
        var theirs = folded.folded()
        theirs.subtract(self)
        subtract(folded.folded())
        formUnion(theirs)
    }

    /// The `veclist` setter: new vectors, folded lazily.
    private mutating func setVectors(_ vectors: [[RangeSet]]) {
        rawVectors = vectors
        dirty = true
    }
}

// MARK: - Folding (RangeSetND._fold, _fold_univariate, _fold_multivariate)

extension RangeSetND {
    mutating func foldIfDirty() {
        guard dirty else { return }
        if rawVectors.count > 1 {
            if !foldUnivariate() { foldMultivariate() }
        }
        dirty = false
    }

    /// Merges all vectors into one when at most one dimension differs between them.
    /// Returns false (and remembers the hint) when a multivariate fold is needed.
    private mutating func foldUnivariate() -> Bool {
        let dim = dimensions
        var varyingDimension = 0, differing = 0
        if dim > 1 {
            for axis in 0..<dim where rawVectors.contains(where: { $0[axis] != rawVectors[0][axis] }) {
                differing += 1
                if differing > 1 { break }
                varyingDimension = axis
            }
        }
        let univariate = dim == 1 || differing == 1
        if univariate, !rawVectors.isEmpty {
            var merged = rawVectors[0]
            for vector in rawVectors.dropFirst() { merged[varyingDimension].formUnion(vector[varyingDimension]) }
            rawVectors = [merged]
            dirty = false
        }
        multivariateHint = !univariate
        return univariate
    }

    /// Expands to single points, then merges them back pairwise (`_fold_multivariate`).
    private mutating func foldMultivariate() {
        var seen = Set<[RangeIndex]>()
        var points: [[RangeSet]] = []
        for vector in rawVectors {
            Self.forEachPoint(of: vector) { point in
                if seen.insert(point).inserted { points.append(point.map { RangeSet(sorted: [$0]) }) }
            }
        }
        rawVectors = Self.merge(points)
    }

    /// Cartesian product of one vector, first dimension slowest (`itertools.product`).
    static func forEachPoint(of vector: [RangeSet], _ body: ([RangeIndex]) -> Void) {
        guard !vector.contains(where: \.isEmpty) else { return }
        var positions = [Int](repeating: 0, count: vector.count)
        while true {
            body(positions.enumerated().map { vector[$0.offset].indexes[$0.element] })
            var axis = vector.count - 1
            while axis >= 0 {
                positions[axis] += 1
                if positions[axis] < vector[axis].count { break }
                positions[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}
