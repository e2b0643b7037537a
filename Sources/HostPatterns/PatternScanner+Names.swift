// Splitting one plain host name into its pattern and numbers
// (ClusterShell's `_scan_string_single`): `r1n01` → `r%sn%s` with 1 and 01.

extension PatternScanner {
    /// Pattern and indexes of a name typed in a pattern. Throws for an empty name and
    /// for a number too large to be an index.
    static func scanSingle(_ name: Substring) throws(PatternError) -> (NamePattern, [RangeSet]) {
        guard !name.isEmpty else { throw PatternError(.badName, part: String(name)) }
        var overflow: Substring?
        let result = split(name, onOverflow: { overflow = $0 })
        if let overflow { throw PatternError(.badRange(reason: "number too large"), part: String(overflow)) }
        return result
    }

    /// Pattern and indexes of a name that is known to be one host (inventory names):
    /// never fails; a digit run too large for an index stays literal text.
    /// Read on code points (see `ScalarMask`), so `web1` + U+0301 is numbered as
    /// ClusterShell numbers it.
    static func splitName(_ name: Substring) -> (NamePattern, [RangeSet]) {
        guard let mask = try? ScalarMask(name) else { return (NamePattern(literals: [String(name)]), []) }
        let (pattern, indexes) = split(mask.masked[...], onOverflow: { _ in })
        return (mask.original(pattern), indexes)
    }

    private static func split(_ name: Substring, onOverflow: (Substring) -> Void) -> (NamePattern, [RangeSet]) {
        var builder = NamePattern.Builder()
        var indexes: [RangeSet] = []
        var rest = name
        while !rest.isEmpty {
            let literal = rest.prefix { !$0.isASCIIDigit }
            builder.appendLiteral(literal)
            rest = rest.dropFirst(literal.count)
            let digits = rest.prefix { $0.isASCIIDigit }
            rest = rest.dropFirst(digits.count)
            guard !digits.isEmpty else { continue }
            guard let value = pythonInt(digits) else {
                onOverflow(digits)
                builder.appendLiteral(digits)
                continue
            }
            builder.appendSlot()
            indexes.append(RangeSet(sorted: [RangeIndex(value, pad: digits.first == "0" && digits.count > 1 ? digits.count : 0)]))
        }
        return (builder.pattern, indexes)
    }
}
