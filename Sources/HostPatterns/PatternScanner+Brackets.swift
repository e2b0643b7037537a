// The bracket half of `_scan_string`: `r[1-2]n[01-04]-ib`, with ClusterShell's rules for
// digits touching a bracket (`web0[1-5]` is `web[01-05]`, `n[1-2]0` is `n[10,20]`).

extension PatternScanner {
    /// An operand that has a `[` before its operator.
    static func scanBracketed(_ text: Substring, limit: Int) throws(PatternError) -> Scanned {
        var builder = NamePattern.Builder()
        var indexes: [RangeSet] = []
        var suffix = text
        var op = nextOperator(in: suffix)
        while let bracket = suffix.offset(of: "["), op.map({ $0.offset > bracket }) ?? true {
            let step = try scanOneBracket(suffix, whole: text, limit: limit)
            builder.append(step.prefix)
            builder.appendSlot()
            indexes += step.prefixIndexes + [step.range]
            suffix = step.suffix
            op = nextOperator(in: suffix)
        }
        var rest: Substring?
        if let op {
            rest = suffix.dropFirst(op.offset + 1)
            suffix = suffix.prefix(op.offset)
            if rest?.isEmpty ?? true { throw PatternError(.missingOperand(op.symbol.rawValue), part: String(text)) }
        }
        let operandText = rest.map { text.prefix(text.count - $0.count - 1) } ?? text
        suffix = suffix.pyRStrip
        if !suffix.isEmpty {
            let (pattern, more) = try scanSingle(suffix)
            builder.append(pattern)
            indexes += more
        }
        return Scanned(pattern: builder.pattern, indexes: indexes, text: operandText, rest: rest, nextOperator: op?.symbol)
    }

    private struct BracketStep {
        var prefix: NamePattern
        var prefixIndexes: [RangeSet]
        var range: RangeSet
        var suffix: Substring
    }

    /// `prefix[range]suffix`: one turn of the inner `while` of `_scan_string`.
    private static func scanOneBracket(_ text: Substring, whole: Substring, limit: Int) throws(PatternError) -> BracketStep {
        guard let (prefixText, afterOpen) = text.splitOnce("["), let (rangeText, afterClose) = afterOpen.splitOnce("]") else {
            throw PatternError(.missingBracket, part: String(whole))
        }
        if prefixText.contains("]") { throw PatternError(.illegalClosingBracket, part: String(prefixText)) }
        if !afterClose.isEmpty, let close = afterClose.offset(of: "]"), close < (afterClose.offset(of: "[") ?? close + 1) {
            throw PatternError(.illegalClosingBracket, part: String(afterClose))
        }
        var suffix = afterClose, range = String(rangeText), prefix = prefixText
        if !suffix.isEmpty { (suffix, range) = try amendTrailingDigits(suffix, range) }
        var step = BracketStep(prefix: NamePattern(literals: [""]), prefixIndexes: [], range: RangeSet(), suffix: suffix)
        if !prefix.isEmpty {
            (prefix, range) = try amendLeadingDigits(prefix, range, limit: limit)
            if !prefix.isEmpty { (step.prefix, step.prefixIndexes) = try scanSingle(prefix) }
        }
        if suffix.first == "[" { throw PatternError(.illegalReopeningBracket, part: String(suffix)) }
        step.range = try RangeSet(parsing: range, limit: limit)
        return step
    }

    /// `web0[1-5]` → `web[01-05]`: digits just before `[` are prepended to each bound of
    /// each contiguous run (`_amend_leading_digits`). Refused before a negative index:
    /// ClusterShell reads `n1[-5]` as `n[1-15]`, which is not what anyone typed.
    static func amendLeadingDigits(_ outer: Substring, _ inner: String, limit: Int) throws(PatternError) -> (Substring, String) {
        let (text, digits) = outer.splittingTrailingDigits
        guard !digits.isEmpty else { return (outer, inner) }
        let set = try RangeSet(parsing: inner, limit: limit)
        if let first = set.first, first.value < 0 {
            throw PatternError(.badRange(reason: "digits before a range with negative indexes"), part: "\(digits)[\(inner)]")
        }
        let runs = set.runs
        let amended = runs.map { run in
            run.text.split(separator: "-", omittingEmptySubsequences: false).map { digits + $0 }.joined(separator: "-")
        }
        return (text, amended.joined(separator: ","))
    }

    /// `n[1-2]0` → `n[10-20/10]`: digits just after `]` are appended to each bound, and
    /// ranges step by the matching power of ten (`_amend_trailing_digits`). A minus sign
    /// stays a sign (`n[-2-2]0` → `n[-20-20/10]`, as ClusterShell reads it); ClusterShell
    /// turns `n[-5]0` into `n[0-50/10]`, Chorus into `n-50`.
    static func amendTrailingDigits(_ outer: Substring, _ inner: String) throws(PatternError) -> (Substring, String) {
        let (digits, text) = outer.splittingLeadingDigits
        guard !digits.isEmpty else { return (outer, inner) }
        if inner.contains("/") {
            throw PatternError(.badRange(reason: "digits after a range with a step"), part: String(outer))
        }
        let amended = inner.split(separator: ",", omittingEmptySubsequences: false).map { element in
            let bounds = element.split(separator: "-", omittingEmptySubsequences: false)
            let signs = signPositions(bounds)
            let shifted = bounds.enumerated().map { signs.contains($0.offset) ? $0.element : $0.element + digits }
            let isRange = bounds.count - signs.count > 1
            let text = shifted.joined(separator: "-")
            return isRange ? text + "/1" + String(repeating: "0", count: digits.count) : text
        }
        return (text, amended.joined(separator: ","))
    }

    /// Which pieces of `-5`, `-5-5` or `-5--1` split on `-` stand for minus signs: an
    /// empty first piece, and an empty third of four.
    private static func signPositions(_ bounds: [Substring]) -> Set<Int> {
        var signs: Set<Int> = []
        if bounds.count >= 2, bounds[0].pyStrip.isEmpty { signs.insert(0) }
        if bounds.count == 4, bounds[2].pyStrip.isEmpty { signs.insert(2) }
        return signs
    }
}
