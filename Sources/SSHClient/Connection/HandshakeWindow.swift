/// How many of one loop's sessions may be between the start of their TCP connect and
/// the end of their login at once. A thousand handshakes started together queue for the
/// same CPU (ours and the servers'), and the last of them would time out while every
/// host is healthy; held back here, a session's connect timeout starts only when its
/// TCP connect does, so it measures the host and not our queue.
///
/// Adaptive, as TCP's window: a login done in under a fifth of its timeout widens the
/// window by one (a fast network fills it quickly), one that took over half its timeout,
/// or timed out, halves it (a busy CPU narrows it). Sessions already logged in never
/// count against it.
public struct HandshakeWindow: Sendable, Equatable {
    public private(set) var size: Int
    let minimum: Int
    let maximum: Int
    let adaptive: Bool

    public init(initial: Int = 32, minimum: Int = 8, maximum: Int = 1024) {
        (size, self.minimum, self.maximum, adaptive) = (initial, minimum, maximum, true)
    }

    /// A window that never changes (for tests and for measuring).
    public init(fixed size: Int) {
        (self.size, minimum, maximum, adaptive) = (max(1, size), max(1, size), max(1, size), false)
    }

    /// A login finished `seconds` after its connect started, of `timeout` allowed.
    mutating func loggedIn(after seconds: Double, timeout: Double) {
        guard adaptive, timeout.isFinite, timeout > 0 else { return }
        if seconds > timeout / 2 {
            narrow()
        } else if seconds < timeout / 5 {
            size = min(maximum, size + 1)
        }
    }

    /// A connect, handshake or login ran out of time.
    mutating func timedOut() { narrow() }

    private mutating func narrow() {
        guard adaptive else { return }
        size = max(minimum, size / 2)
    }
}
