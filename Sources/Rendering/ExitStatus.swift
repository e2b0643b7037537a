/// A `chorus` exit status. The classes follow pssh's precedence (3 over 4 over 5, the
/// most severe class in a run wins; see `ExitClass`), `-S` passes the largest remote
/// status through, and a terminating signal gives 128 + its number, as shells do.
public struct ExitStatus: RawRepresentable, Sendable, Equatable {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let ok = ExitStatus(rawValue: 0)
    /// Chorus itself failed (an internal error, or a file it must write could not be).
    public static let failure = ExitStatus(rawValue: 1)
    /// Usage or input error; nothing was run.
    public static let usage = ExitStatus(rawValue: 2)
    /// A command timed out, was cancelled or was killed by a signal.
    public static let timedOutOrKilled = ExitStatus(rawValue: 3)
    /// A host failed at the SSH level: refused, unreachable, host key, auth, worker lost.
    public static let sshFailure = ExitStatus(rawValue: 4)
    /// Every host ran, but some command exited non-zero.
    public static let commandFailed = ExitStatus(rawValue: 5)
    /// Interrupted by the user (^C) outside a broadcast.
    public static let interrupted = ExitStatus(rawValue: 130)

    /// Ended by a terminating signal (TERM → 143, HUP → 129).
    public static func signalled(_ signal: Int32) -> ExitStatus { ExitStatus(rawValue: 128 + signal) }
}
