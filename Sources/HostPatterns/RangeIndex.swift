/// One index of a range, with the zero padding it was written with: `7`, `07` and `007`
/// are three different hosts (`web7`, `web07`, `web007`), as in ClusterShell 1.9, which
/// keeps indexes as strings to support mixed padding. Indexes may be negative
/// (`n[-5-5]`, ClusterShell 1.9.1): `-5` prints as `-5`, so `n[-5]` is the host `n-5`.
public struct RangeIndex: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The number.
    public let value: Int
    /// Characters in the printed form, sign included; more than `value` needs when zero
    /// padded.
    public let width: Int

    /// `pad` is the total width to zero-pad to, as in `"%0*d" % (pad, value)`.
    public init(_ value: Int, pad: Int = 0) {
        self.value = value
        self.width = Swift.max(pad, Self.printedLength(value))
    }

    /// The index as written: `value` zero padded to `width` (`%0*d`: zeros after the sign).
    public var description: String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: width - digits.count - sign.count) + digits
    }

    /// True for `07` or `00`: a leading zero that is not the whole number (ClusterShell's
    /// `len(s) > 1 and s[0] == '0'`, so never true for a negative index).
    public var isPadded: Bool { value >= 0 && width > Self.printedLength(value) }

    /// ClusterShell's order (`RangeSet._sorted`): negative indexes first, longer strings
    /// first then by value; then the others, shorter strings first then by value (which,
    /// at equal width, is the same as comparing the padded strings).
    public static func < (lhs: RangeIndex, rhs: RangeIndex) -> Bool {
        lhs.sortKey < rhs.sortKey
    }

    private var sortKey: (Int, Int) { value < 0 ? (-width, value) : (width, value) }

    /// Order of the printed strings (Python comparing `rg[0]` in RangeSetND sorting).
    static func textPrecedes(_ lhs: RangeIndex, _ rhs: RangeIndex) -> Bool {
        codePointPrecedes(lhs.description, rhs.description)
    }

    /// Length of `"%d" % value`: its digits, and one more for a minus sign.
    static func printedLength(_ value: Int) -> Int {
        var count = value < 0 ? 2 : 1
        var rest = value / 10
        while rest != 0 { count += 1; rest /= 10 }
        return count
    }
}
