/// The non-numeric skeleton of a host name: `r%sn%s` for `r1n01`, literal text with a
/// slot for each number. Host sets group their indexes by pattern, as ClusterShell's
/// NodeSet does with its `pat % indexes` strings.
public struct NamePattern: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The literal pieces around the slots; always one more than `dimensions`.
    public let literals: [String]
    /// The pattern as ClusterShell spells it (`%` doubled, slots as `%s`). Host sets
    /// sort by this string, so it decides the order hosts are listed in.
    let key: String

    public init(literals: [String]) {
        precondition(!literals.isEmpty, "a pattern has at least one literal")
        self.literals = literals
        self.key = literals.map { $0.replacingPercent() }.joined(separator: "%s")
    }

    public var dimensions: Int { literals.count - 1 }

    /// The name with `parts` in the slots (each already formatted).
    public func format(_ parts: [String]) -> String {
        var result = literals[0]
        for (part, literal) in zip(parts, literals.dropFirst()) {
            result += part
            result += literal
        }
        return result
    }

    public var description: String { key }

    public static func < (lhs: NamePattern, rhs: NamePattern) -> Bool { codePointPrecedes(lhs.key, rhs.key) }

    /// Builds a pattern piece by piece, as the scanner reads a name left to right.
    struct Builder {
        private(set) var literals = [""]

        mutating func appendLiteral(_ text: some StringProtocol) { literals[literals.count - 1] += text }
        mutating func appendSlot() { literals.append("") }
        mutating func append(_ pattern: NamePattern) {
            appendLiteral(pattern.literals[0])
            for literal in pattern.literals.dropFirst() {
                appendSlot()
                appendLiteral(literal)
            }
        }
        var pattern: NamePattern { NamePattern(literals: literals) }
    }
}

extension String {
    fileprivate func replacingPercent() -> String {
        guard contains("%") else { return self }
        return split(separator: "%", omittingEmptySubsequences: false).joined(separator: "%%")
    }
}
