// Phase 2 of ClusterShell's multivariate folding (`_fold_multivariate_merge`): repeated
// passes over the sorted vectors merging two vectors that differ in one dimension only.
// Easy O(n) passes first, then a full O(n²) pass once the easy ones stop changing.

extension RangeSetND {
    static func merge(_ start: [[RangeSet]]) -> [[RangeSet]] {
        var vectors = start
        var full = false
        var changed = true
        while changed {
            vectors = sorted(vectors)
            changed = mergePass(&vectors, full: full)
            if !changed && !full {
                changed = true
                full = true
            }
        }
        return vectors
    }

    /// One pass: each vector absorbs the following ones it can merge with. An easy
    /// pass stops looking at the first vector it cannot merge; a full pass tries all.
    private static func mergePass(_ vectors: inout [[RangeSet]], full: Bool) -> Bool {
        var changed = false
        var index1 = 0
        while index1 + 1 < vectors.count {
            var index2 = index1 + 1
            index1 += 1
            while index2 < vectors.count {
                if let merged = mergedPair(vectors[index1 - 1], vectors[index2]) {
                    changed = true
                    vectors[index1 - 1] = merged
                    vectors.remove(at: index2)
                } else if !full {
                    break
                } else {
                    index2 += 1
                }
            }
        }
        return changed
    }

    /// The two vectors as one, when they differ in at most one dimension and there
    /// either disjointly or by containment; nil otherwise.
    private static func mergedPair(_ item1: [RangeSet], _ item2: [RangeSet]) -> [RangeSet]? {
        var merged = item1
        var differences = 0
        for (position, (rg1, rg2)) in zip(item1, item2).enumerated() where rg1 != rg2 {
            differences += 1
            if differences > 1 { return nil }
            if rg1.isDisjoint(with: rg2) {
                merged[position] = rg1.union(rg2)
            } else if rg1.isStrictSuperset(of: rg2) || rg1.isStrictSubset(of: rg2) {
                merged[position] = rg2.isStrictSuperset(of: rg1) ? rg2 : rg1
            } else {
                return nil
            }
        }
        return merged
    }

    /// `_sort`: larger vectors first, then per dimension larger sets first, then by the
    /// first and last index as text (ClusterShell compares the strings). Stable, as
    /// Python's sort is.
    static func sorted(_ vectors: [[RangeSet]]) -> [[RangeSet]] {
        let keyed = vectors.enumerated().map { (offset: $0.offset, size: size(of: $0.element), vector: $0.element) }
        return keyed.sorted { a, b in
            if a.size != b.size { return a.size > b.size }
            if let order = compareDimensions(a.vector, b.vector) { return order }
            return a.offset < b.offset
        }.map(\.vector)
    }

    /// Compares `(-len(rg), rg[0], rg[-1])` dimension by dimension; nil when equal.
    private static func compareDimensions(_ a: [RangeSet], _ b: [RangeSet]) -> Bool? {
        for (x, y) in zip(a, b) {
            if x.count != y.count { return x.count > y.count }
            guard let xFirst = x.first, let yFirst = y.first, let xLast = x.last, let yLast = y.last else { continue }
            if xFirst != yFirst { return RangeIndex.textPrecedes(xFirst, yFirst) }
            if xLast != yLast { return RangeIndex.textPrecedes(xLast, yLast) }
        }
        return a.count == b.count ? nil : a.count < b.count
    }
}
