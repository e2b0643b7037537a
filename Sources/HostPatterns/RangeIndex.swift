/// One index of a range, with the zero padding it was written with: `7`, `07` and `007`
/// are three different hosts (`web7`, `web07`, `web007`), as in ClusterShell 1.9, which
/// keeps indexes as strings to support mixed padding.
public struct RangeIndex: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The number (never negative: host names have no negative indexes).
    public let value: Int
    /// Characters in the printed form; more than the digits of `value` when zero padded.
    public let width: Int

    /// `pad` is the total width to zero-pad to, as in `"%0*d" % (pad, value)`.
    public init(_ value: Int, pad: Int = 0) {
        precondition(value >= 0, "range indexes are never negative")
        self.value = value
        self.width = Swift.max(pad, Self.digitCount(value))
    }

    /// The index as written: `value` zero padded to `width`.
    public var description: String {
        let digits = String(value)
        return String(repeating: "0", count: width - digits.count) + digits
    }

    /// True for `07` or `00`: a leading zero that is not the whole number.
    public var isPadded: Bool { width > Self.digitCount(value) }

    /// ClusterShell's order: shorter strings first, then by value (which, at equal
    /// width, is the same as comparing the padded strings).
    public static func < (lhs: RangeIndex, rhs: RangeIndex) -> Bool {
        (lhs.width, lhs.value) < (rhs.width, rhs.value)
    }

    /// Order of the printed strings (Python comparing `rg[0]` in RangeSetND sorting).
    static func textPrecedes(_ lhs: RangeIndex, _ rhs: RangeIndex) -> Bool {
        codePointPrecedes(lhs.description, rhs.description)
    }

    static func digitCount(_ value: Int) -> Int {
        var count = 1
        var rest = value / 10
        while rest > 0 { count += 1; rest /= 10 }
        return count
    }
}
