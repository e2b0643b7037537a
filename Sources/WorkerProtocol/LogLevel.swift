/// Severity of a worker's `log` frame; the same ladder as swift-log's `Logger.Level`
/// up to `error`.
public enum LogLevel: UInt8, Sendable, Comparable {
    case trace = 0, debug, info, notice, warning, error

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}
