// Folding a range set back to text (`1-3,5,07-09`): a literal port of ClusterShell's
// RangeSet._slices_padding with autostep disabled (NodeSet's default). It is kept
// literal, not simplified to "maximal runs", because ClusterShell carries a run's
// padding state over a gap in one case (`08,10-99,100`, not `08,10-100`), and Chorus
// prints exactly what ClusterShell prints.

extension RangeSet {
    /// A run of consecutive indexes printed as one `a-b` (or `a`) slice.
    struct Run: Equatable {
        var start: Int
        var end: Int
        /// Zero-padding width for the whole run; 0 when the run is unpadded.
        var pad: Int

        var text: String {
            let first = RangeIndex(start, pad: pad).description
            return start == end ? first : first + "-" + RangeIndex(end, pad: pad).description
        }
    }

    /// `1-3,5,07-09`: the folded form, as `str(RangeSet)` prints it.
    public var description: String { runs.map(\.text).joined(separator: ",") }

    /// The slices `_slices_padding` yields, in order.
    var runs: [Run] {
        var folder = RunFolder()
        for index in indexes { folder.add(index) }
        return folder.finish()
    }
}

/// The state of `_slices_padding`'s loop; field names follow the Python variables.
/// Steps are `Int128`: with negative indexes the gap between two indexes can exceed an
/// `Int` (`-9223372036854775807,9223372036854775807`), and Python's integers have no limit.
private struct RunFolder {
    var runs: [RangeSet.Run] = []
    var curStart: Int?
    var curStep: Int128?
    var lastIdx = 0
    var curPadded = false
    var curPad = 0

    private var pad: Int { curPadded ? curPad : 0 }

    mutating func add(_ index: RangeIndex) {
        let idx = index.value, padded = index.isPadded
        guard let start = curStart else {
            (curStart, curStep, lastIdx, curPadded, curPad) = (idx, nil, idx, padded, index.width)
            return
        }
        let paddingMismatch = curPadded ? index.width != curPad : padded
        let gap = Int128(idx) - Int128(lastIdx)
        let stepMismatch = !paddingMismatch && curStep != nil && curStep != gap
        guard paddingMismatch || stepMismatch else {
            curStep = gap
            lastIdx = idx
            return
        }
        if curStep == nil || curStep == 1 {
            // "stepped": yield the run and start a new one with this index's padding.
            runs.append(.init(start: start, end: lastIdx, pad: pad))
            (curStart, curPadded, curPad) = (idx, padded, index.width)
        } else if let step = curStep {
            yieldSingles(from: start, through: paddingMismatch ? Int128(lastIdx) : Int128(lastIdx) - step, step: step)
            if paddingMismatch {
                (curStart, curPadded, curPad) = (idx, padded, index.width)
            } else {
                curStart = lastIdx  // keeps the old padding state: ClusterShell's quirk
            }
        }
        curStep = stepMismatch ? gap : nil
        lastIdx = idx
    }

    mutating func finish() -> [RangeSet.Run] {
        guard let start = curStart else { return runs }
        if let step = curStep, step != 1 {
            yieldSingles(from: start, through: Int128(lastIdx), step: step)
        } else {
            runs.append(.init(start: start, end: lastIdx, pad: pad))
        }
        return runs
    }

    /// `range(start, last + 1, step)`: every value is an index of the set (so fits an
    /// `Int`), and the one past the last fits an `Int128`. Steps are always positive here.
    private mutating func yieldSingles(from start: Int, through last: Int128, step: Int128) {
        var value = Int128(start)
        while value <= last {
            runs.append(.init(start: Int(value), end: Int(value), pad: pad))
            value += step
        }
    }
}
