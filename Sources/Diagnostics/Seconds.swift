/// A number of seconds given by the user: `-u 30`, `connect_timeout = 2.5`,
/// `:set command_timeout 10`. One rule for all three, so a value one of them accepts
/// never crashes another: above 0, finite, and at most what the worker protocol's
/// 32-bit milliseconds hold (about 49 days). Before the bound, `-u 1e300` passed the
/// check and trapped converting to milliseconds.
public enum Seconds {
    public static let maximum: Double = Double(UInt32.max / 1000)

    /// What the value must be, for error messages.
    public static let expectation = "a number of seconds above 0 and at most \(Int(maximum)) (about 49 days)"

    /// The seconds in `text`, or nil when it is not such a number.
    public static func parse(_ text: String) -> Double? {
        guard let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= maximum else { return nil }
        return seconds
    }
}
