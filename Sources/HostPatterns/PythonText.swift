// Small string helpers with Python's semantics, so the ClusterShell port below reads
// like the code it mirrors (`str.strip`, `str.split(sep, 1)`, `int(str)`).

extension Character {
    /// ASCII digits only: host names use ASCII digits, and `\d`'s other Unicode digits
    /// would make `web٣` a numbered host, which no operator means.
    var isASCIIDigit: Bool { isASCII && isNumber }

    /// `str.isspace()`: Unicode whitespace, plus the four ASCII information separators
    /// (U+001C…U+001F) that Python also counts as space.
    var isPythonSpace: Bool { isWhitespace || unicodeScalars.first.map { (0x1C...0x1F).contains($0.value) } == true }
}

extension StringProtocol where SubSequence == Substring {
    /// `str.strip()`: Python's whitespace on both ends.
    var pyStrip: Substring { pyLStrip.pyRStrip }
    var pyLStrip: Substring { self[...].drop { $0.isPythonSpace } }
    var pyRStrip: Substring {
        let sub = self[...]
        guard let last = sub.lastIndex(where: { !$0.isPythonSpace }) else { return sub[sub.startIndex..<sub.startIndex] }
        return sub[...last]
    }

    /// `str.split(separator, 1)`, or nil when the separator is absent (Python's ValueError on unpack).
    func splitOnce(_ separator: Character) -> (Substring, Substring)? {
        guard let index = firstIndex(of: separator) else { return nil }
        return (self[startIndex..<index], self[self.index(after: index)...])
    }

    /// Offset of the first occurrence of `character`, or nil (`str.find` returning -1).
    func offset(of character: Character) -> Int? {
        guard let index = firstIndex(of: character) else { return nil }
        return distance(from: startIndex, to: index)
    }

    /// Offset and value of the first character satisfying `predicate`.
    func firstOffset(where predicate: (Character) -> Bool) -> (Int, Character)? {
        for (offset, character) in enumerated() where predicate(character) { return (offset, character) }
        return nil
    }
}

/// Python's `int(text)` for base 10: surrounding whitespace, an optional sign, digits with
/// single underscores between them. Nil where Python raises ValueError, or where the
/// number does not fit an `Int` (`overflow` is set then, so callers can say "too large").
func pythonInt<S: StringProtocol>(_ text: S, overflow: inout Bool) -> Int? where S.SubSequence == Substring {
    var body = text.pyStrip
    var negative = false
    if let sign = body.first, sign == "+" || sign == "-" {
        negative = sign == "-"
        body = body.dropFirst()
    }
    guard let first = body.first, first.isASCIIDigit, let last = body.last, last.isASCIIDigit else { return nil }
    var value = 0
    var previousUnderscore = false
    for character in body {
        if character == "_" {
            if previousUnderscore { return nil }
            previousUnderscore = true
            continue
        }
        guard character.isASCIIDigit, let digit = character.wholeNumberValue else { return nil }
        previousUnderscore = false
        let (times, o1) = value.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times.addingReportingOverflow(digit)
        if o1 || o2 { overflow = true; return nil }
        value = sum
    }
    return negative ? -value : value
}

/// Python's `int(text)` where overflow does not need telling apart.
func pythonInt<S: StringProtocol>(_ text: S) -> Int? where S.SubSequence == Substring {
    var overflow = false
    return pythonInt(text, overflow: &overflow)
}

extension Substring {
    /// `str.rstrip(string.digits)`: the text and the trailing ASCII digits it had.
    var splittingTrailingDigits: (text: Substring, digits: Substring) {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isASCIIDigit { end = index(before: end) }
        return (self[startIndex..<end], self[end...])
    }

    /// `str.lstrip(string.digits)`: the leading ASCII digits and the rest.
    var splittingLeadingDigits: (digits: Substring, text: Substring) {
        let start = firstIndex { !$0.isASCIIDigit } ?? endIndex
        return (self[startIndex..<start], self[start...])
    }
}

/// Compares strings by Unicode code points, as Python's `str` ordering does (Swift's
/// `<` on `String` uses canonical equivalence, which can differ for non-ASCII text).
func codePointPrecedes(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
}
