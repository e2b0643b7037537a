/// The set operators of a pattern, applied left to right like ClusterShell's.
public enum SetOperator: Character, Sendable, CaseIterable {
    case union = ","
    case difference = "!"
    case intersection = "&"
    case symmetricDifference = "^"
}

/// Splits a pattern string into operands (a name pattern and its ranges) and the
/// operators between them: a port of ClusterShell's ParsingEngine._scan_string, with
/// the same errors. Groups and globs are left to `PatternParser`.
enum PatternScanner {
    struct Operand {
        /// The operator joining this operand to what came before (`,` for the first).
        let joinedBy: SetOperator
        let pattern: NamePattern
        let indexes: [RangeSet]
        /// The operand as typed, for error messages.
        let text: Substring
    }

    /// Scans on code points, as ClusterShell does (see `ScalarMask`), and gives back
    /// operands and errors in the text as typed.
    static func scan(_ input: String, limit: Int) throws(PatternError) -> [Operand] {
        let mask = try ScalarMask(input)
        do {
            return try scanMasked(mask.masked, limit: limit).map { operand in
                Operand(joinedBy: operand.joinedBy, pattern: mask.original(operand.pattern),
                        indexes: operand.indexes, text: Substring(mask.original(operand.text)))
            }
        } catch {
            throw mask.original(error)
        }
    }

    private static func scanMasked(_ input: String, limit: Int) throws(PatternError) -> [Operand] {
        var operands: [Operand] = []
        var remaining: Substring? = input.pyStrip
        var joinedBy = SetOperator.union
        while let current = remaining, !current.isEmpty {
            let text = current.pyLStrip
            let next = try scanOperand(text, limit: limit)
            operands.append(Operand(joinedBy: joinedBy, pattern: next.pattern, indexes: next.indexes, text: next.text))
            try checkSize(operands[operands.count - 1], limit: limit)
            remaining = next.rest
            joinedBy = next.nextOperator ?? .union
        }
        return operands
    }

    struct Scanned {
        var pattern: NamePattern
        var indexes: [RangeSet]
        var text: Substring
        var rest: Substring?
        var nextOperator: SetOperator?
    }

    /// One operand at the start of `text`, and what follows its operator.
    private static func scanOperand(_ text: Substring, limit: Int) throws(PatternError) -> Scanned {
        let op = nextOperator(in: text)
        let operandText = op.map { text.prefix($0.offset) } ?? text
        if let address = AdHocAddress.bracketedOperand(operandText.pyRStrip) {
            return try opaque(address, text: text, op: op)
        }
        if let bracket = text.offset(of: "["), op.map({ $0.offset > bracket }) ?? true {
            return try scanBracketed(text, limit: limit)
        }
        var node = text
        var rest: Substring?
        if let op {
            let (before, after) = (text.prefix(op.offset), text.dropFirst(op.offset + 1))
            guard !before.isEmpty, !after.isEmpty else {
                throw PatternError(.missingOperand(op.symbol.rawValue), part: String(text))
            }
            (node, rest) = (before, after)
        }
        if node.contains("]") { throw PatternError(.illegalClosingBracket, part: String(node)) }
        let (pattern, indexes) = try scanSingle(node.pyRStrip)
        return Scanned(pattern: pattern, indexes: indexes, text: operandText, rest: rest, nextOperator: op?.symbol)
    }

    /// `user@[v6]:port` kept whole: a name without numbers, never a range.
    private static func opaque(
        _ address: Substring, text: Substring, op: (offset: Int, symbol: SetOperator)?
    ) throws(PatternError) -> Scanned {
        var rest: Substring?
        if let op {
            rest = text.dropFirst(op.offset + 1)
            if rest?.isEmpty ?? true { throw PatternError(.missingOperand(op.symbol.rawValue), part: String(text)) }
        }
        return Scanned(pattern: NamePattern(literals: [String(address)]), indexes: [], text: address,
                       rest: rest, nextOperator: op?.symbol)
    }

    /// `_next_op`: the first operator character and where it is.
    static func nextOperator(in text: Substring) -> (offset: Int, symbol: SetOperator)? {
        guard let (offset, character) = text.firstOffset(where: { SetOperator(rawValue: $0) != nil }),
              let symbol = SetOperator(rawValue: character) else { return nil }
        return (offset, symbol)
    }

    private static func checkSize(_ operand: Operand, limit: Int) throws(PatternError) {
        let size = RangeSetND.size(of: operand.indexes)
        if size > limit { throw PatternError(.tooManyHosts(count: size, limit: limit), part: String(operand.text)) }
    }
}
