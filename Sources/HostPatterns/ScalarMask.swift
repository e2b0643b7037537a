/// Lets the scanner read a pattern by code points, as ClusterShell does, although Swift
/// reads strings by grapheme clusters: there `,` + U+0613 is one `Character`, so a
/// combining mark would hide an operator, a bracket or a digit from a port that splits
/// on characters. Before scanning, every non-ASCII scalar that is not whitespace is
/// replaced by a private-use scalar of its own (planes 15 and 16), which joins nothing
/// and nothing joins; ASCII, which carries all of the syntax, is left as it is. The
/// scanner's results are turned back with `original(_:)` before anyone else sees them.
/// Non-ASCII whitespace stays too, so Python's `strip()` still removes it.
struct ScalarMask {
    private var masks: [Unicode.Scalar: Unicode.Scalar] = [:]
    private var originals: [Unicode.Scalar: Unicode.Scalar] = [:]
    /// The masked form of the text the mask was made for.
    private(set) var masked = ""

    /// Private-use planes 15 and 16: 131,068 stand-ins, far more distinct scalars than
    /// any pattern holds; a text with more is refused.
    private static let stands = [0xF0000...0xFFFFD, 0x100000...0x10FFFD]
    private static let capacity = stands.reduce(0) { $0 + $1.count }

    init(_ text: some StringProtocol) throws(PatternError) {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else {
            masked = String(text)
            return
        }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(Self.passesThrough(scalar) ? scalar : try stand(for: scalar))
        }
        masked = String(scalars)
    }

    /// The text with every stand-in replaced by the scalar it stands for.
    func original(_ text: some StringProtocol) -> String {
        guard !originals.isEmpty else { return String(text) }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { originals[$0] ?? $0 }))
    }

    /// The pattern with its literal pieces turned back.
    func original(_ pattern: NamePattern) -> NamePattern {
        guard !originals.isEmpty else { return pattern }
        return NamePattern(literals: pattern.literals.map { original($0) })
    }

    /// The error with the input it quotes turned back to what was typed.
    func original(_ error: PatternError) -> PatternError {
        let kind: PatternError.Kind = if case .badRange(let reason) = error.kind { .badRange(reason: original(reason)) } else { error.kind }
        return PatternError(kind, part: original(error.part))
    }

    private static func passesThrough(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII || scalar.properties.isWhitespace
    }

    private mutating func stand(for scalar: Unicode.Scalar) throws(PatternError) -> Unicode.Scalar {
        if let known = masks[scalar] { return known }
        let number = masks.count
        guard number < Self.capacity else { throw PatternError(.badName, part: String(scalar)) }
        let value = number < Self.stands[0].count ? Self.stands[0].lowerBound + number
            : Self.stands[1].lowerBound + number - Self.stands[0].count
        // Every value in the two ranges is a valid scalar (no surrogates there).
        let stand = Unicode.Scalar(UInt32(value))!
        masks[scalar] = stand
        originals[stand] = scalar
        return stand
    }
}
