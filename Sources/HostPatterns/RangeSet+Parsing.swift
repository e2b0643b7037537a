// Reading `1-5,07-09,10-20/2,-3--1` the way ClusterShell 1.9.1's RangeSet._parse does,
// with the same errors, negative indexes included (`-5`, `-3-2`, `-8--4`), except that
// text before a minus sign, which ClusterShell ignores, is refused.

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

        /// How many indexes it names, saturated at `Int.max`. The span is a `UInt`:
        /// `-9223372036854775807-9223372036854775807` spans more than an `Int` holds
        /// (`stop >= start`, so the wrapped difference is the exact span).
        var count: Int {
            let steps = UInt(bitPattern: stop &- start) / UInt(step)
            return steps >= UInt(Int.max) ? Int.max : Int(steps) + 1
        }

        /// Ascending in value and (padding fixed or absent) in width: already sorted.
        /// Each index is `start + i * step`, never past `stop`; computed in `Int128`,
        /// as `i * step` alone may pass `Int.max` when `start` is negative.
        var indexes: [RangeIndex] {
            (0..<count).map { RangeIndex(Int(Int128(start) + Int128($0) * Int128(step)), pad: pad) }
        }
    }

    /// One bound as written, without its sign: `5` in `-5`.
    private struct Bound {
        let text: Substring
        let negative: Bool
    }

    static func parseSubrange(_ subrange: Substring) throws(PatternError) -> Subrange {
        func fail(_ reason: String) -> PatternError { PatternError(.badRange(reason: reason), part: String(subrange)) }
        let (baseRange, stepText) = subrange.splitOnce("/") ?? (subrange, "1")
        guard let step = pythonInt(stepText) else { throw fail("the step is not a number") }
        if !baseRange.contains("-") {
            guard step == 1 else { throw fail("a step needs a range (a-b/step)") }
            let bound = Bound(text: baseRange, negative: false)
            return try checked(begin: bound, end: bound, step: step, subrange: subrange)
        }
        let (begin, end) = try bounds(baseRange, subrange: subrange)
        return try checked(begin: begin, end: end, step: step, subrange: subrange)
    }

    /// `a-b`, `-a` (one negative index), `-a-b` and `-a--b`, as `_parse` splits them.
    /// ClusterShell ignores whatever stands before a minus sign (`1-2-3` reads as
    /// `-2-3`); Chorus refuses it, as it would drop part of what was typed.
    private static func bounds(_ baseRange: Substring, subrange: Substring) throws(PatternError) -> (Bound, Bound) {
        func fail(_ reason: String) -> PatternError { PatternError(.badRange(reason: reason), part: String(subrange)) }
        let parts = baseRange.split(separator: "-", omittingEmptySubsequences: false).map(\.pyStrip)
        guard parts.count <= 4 else { throw fail("too many '-'") }
        if parts.count == 2 {
            if parts[0].isEmpty { return (Bound(text: parts[1], negative: true), Bound(text: parts[1], negative: true)) }
            return (Bound(text: parts[0], negative: false), Bound(text: parts[1], negative: false))
        }
        guard parts[0].isEmpty, parts.count == 3 || parts[2].isEmpty else {
            throw fail("'-' inside a bound (negative ranges are written -a-b or -a--b)")
        }
        let end = Bound(text: parts[parts.count - 1], negative: parts.count == 4)
        return (Bound(text: parts[1], negative: true), end)
    }

    /// The padding rules and bound checks of `_parse`, in its order.
    private static func checked(begin: Bound, end: Bound, step: Int, subrange: Substring) throws(PatternError) -> Subrange {
        func fail(_ reason: String) -> PatternError { PatternError(.badRange(reason: reason), part: String(subrange)) }
        var overflow = false
        guard let beginValue = pythonInt(begin.text, overflow: &overflow),
              let endValue = pythonInt(end.text, overflow: &overflow) else {
            if overflow { throw fail("number too large") }
            throw fail(subrange.isEmpty ? "empty range" : "not a number")
        }
        let pad = try padding(begin.text, beginValue, end.text, endValue, fail: fail)
        if pad > 0 && begin.negative { throw fail("negative indexes cannot be zero padded") }
        let start = begin.negative ? -beginValue : beginValue, stop = end.negative ? -endValue : endValue
        guard start <= stop else { throw fail("start \(Self.signed(begin)) is after end \(Self.signed(end))") }
        guard step >= 1 else { throw fail("step must be at least 1") }
        return Subrange(start: start, stop: stop, step: step, pad: pad)
    }

    /// The begin's padding width (0 for none); throws when begin and end are padded to
    /// different widths. An end padded alone (`-12--03`) is accepted and its padding
    /// dropped, as ClusterShell does.
    private static func padding(
        _ begin: Substring, _ beginValue: Int, _ end: Substring, _ endValue: Int, fail: (String) -> PatternError
    ) throws(PatternError) -> Int {
        let pad = beginValue != 0 ? (begin.first == "0" ? begin.count : 0) : (begin.count > 1 ? begin.count : 0)
        let endStripped = endValue != 0 ? end.drop { $0 == "0" } : end
        let endPad = end.count > endStripped.count ? end.count : 0
        if (pad > 0 || endPad > 0) && begin.count != end.count {
            throw fail("padding length mismatch (\(begin) and \(end) have different widths)")
        }
        return pad
    }

    private static func signed(_ bound: Bound) -> String { (bound.negative ? "-" : "") + bound.text }
}
