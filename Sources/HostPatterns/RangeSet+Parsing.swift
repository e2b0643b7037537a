// Reading `1-5,07-09,10-20/2` the way ClusterShell's RangeSet._parse does, with the
// same errors, except that negative indexes (`-3-2`) are refused: no host is named
// with a negative number, and a stray `-` is far more likely a typo.

extension RangeSet {
    /// The most hosts one pattern may name. Larger ranges are refused before anything is
    /// allocated: a typo like `web[1-10000000]` must not eat the machine.
    public static let defaultLimit = 1_000_000

    /// Parses the text between brackets. `limit` bounds the number of indexes; it is
    /// checked from the bounds before any index is made.
    public init(parsing text: String, limit: Int = RangeSet.defaultLimit) throws(PatternError) {
        var result = RangeSet()
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let subrange = piece.pyStrip
            let range = try Self.parseSubrange(subrange)
            let size = range.count
            guard size <= limit, result.count + size <= 2 * limit else {
                throw PatternError(.tooManyHosts(count: size, limit: limit), part: String(text))
            }
            result.formUnion(RangeSet(sorted: range.indexes))
            guard result.count <= limit else {
                throw PatternError(.tooManyHosts(count: result.count, limit: limit), part: String(text))
            }
        }
        self = result
    }

    /// One `begin-end/step` element after checking, before expansion.
    struct Subrange {
        let start: Int, stop: Int, step: Int, pad: Int

        /// How many indexes it names. `stop - start` cannot overflow (both are at least 0),
        /// and the `+ 1` is saturated: `0-9223372036854775807` names more than `Int.max`.
        var count: Int {
            let (size, overflow) = ((stop - start) / step).addingReportingOverflow(1)
            return overflow ? Int.max : size
        }

        /// Ascending in value and (padding fixed or absent) in width: already sorted.
        /// Each index is `start + i * step`, never past `stop`, so no step overflows
        /// (a `stride` would step past `Int.max` after the last one).
        var indexes: [RangeIndex] { (0..<count).map { RangeIndex(start + $0 * step, pad: pad) } }
    }

    static func parseSubrange(_ subrange: Substring) throws(PatternError) -> Subrange {
        func fail(_ reason: String) -> PatternError { PatternError(.badRange(reason: reason), part: String(subrange)) }
        let (baseRange, stepText) = subrange.splitOnce("/") ?? (subrange, "1")
        guard let step = pythonInt(stepText) else { throw fail("the step is not a number") }
        let bounds = baseRange.split(separator: "-", omittingEmptySubsequences: false)
        if bounds.count == 1 {
            guard step == 1 else { throw fail("a step needs a range (a-b/step)") }
            return try checked(begin: baseRange, end: baseRange, step: step, subrange: subrange)
        }
        guard bounds.count == 2, !bounds[0].pyStrip.isEmpty else {
            throw fail(bounds.count > 4 ? "too many '-'" : "negative indexes are not supported")
        }
        return try checked(begin: bounds[0].pyStrip, end: bounds[1].pyStrip, step: step, subrange: subrange)
    }

    /// The padding rules and bound checks of `_parse`, in its order.
    private static func checked(
        begin: Substring, end: Substring, step: Int, subrange: Substring
    ) throws(PatternError) -> Subrange {
        func fail(_ reason: String) -> PatternError { PatternError(.badRange(reason: reason), part: String(subrange)) }
        var overflow = false
        guard let beginValue = pythonInt(begin, overflow: &overflow), let endValue = pythonInt(end, overflow: &overflow) else {
            if overflow { throw fail("number too large") }
            throw fail(subrange.isEmpty ? "empty range" : "not a number")
        }
        let pad = beginValue != 0 ? (begin.first == "0" ? begin.count : 0) : (begin.count > 1 ? begin.count : 0)
        let endStripped = endValue != 0 ? end.drop { $0 == "0" } : end
        let endPad = end.count > endStripped.count ? end.count : 0
        if (pad > 0 || endPad > 0) && begin.count != end.count {
            throw fail("padding length mismatch (\(begin) and \(end) have different widths)")
        }
        guard beginValue >= 0, endValue >= 0 else { throw fail("negative indexes are not supported") }
        guard beginValue <= endValue else { throw fail("start \(begin) is after end \(end)") }
        guard step >= 1 else { throw fail("step must be at least 1") }
        return Subrange(start: beginValue, stop: endValue, step: step, pad: pad)
    }
}
