/// Exit statuses. The classes follow pssh's precedence: 3 over 4 over 5; the most
/// severe class seen in a run wins.
public enum ExitStatus: Int32, Sendable, Comparable {
    case ok = 0
    /// Chorus itself failed (an internal error, or a file it must write could not be).
    case failure = 1
    /// Usage or input error; nothing was run.
    case usage = 2
    /// A command timed out, was cancelled or was killed by a signal.
    case timedOutOrKilled = 3
    /// A host failed at the SSH level: refused, unreachable, host key, auth, worker lost.
    case sshFailure = 4
    /// Every host ran, but some command exited non-zero.
    case commandFailed = 5
    /// Interrupted by the user (Ctrl-C) outside a broadcast.
    case interrupted = 130

    /// Severity for combining per-host classes: 3 > 4 > 5 > 0.
    private var severity: Int {
        switch self {
        case .ok: 0
        case .commandFailed: 1
        case .sshFailure: 2
        case .timedOutOrKilled: 3
        case .failure, .usage, .interrupted: 4
        }
    }

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.severity < rhs.severity }
}
