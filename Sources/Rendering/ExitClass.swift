import WorkerProtocol
// The exit status of a broadcast, as pssh classes it, and `-S`'s largest remote status
// as pdsh and clush compute it.

public enum ExitClass {
    /// 0 when every host is ok; 3 if any timed out, was cancelled or killed by a signal;
    /// else 4 if any failed at the SSH level; else 5 if any exited non-zero (pssh's
    /// precedence: 3 over 4 over 5). No hosts is 0.
    public static func status(for results: [HostResult]) -> ExitStatus {
        results.reduce(.ok) { worst, result in
            let status = status(for: result.outcome)
            return precedence(status) > precedence(worst) ? status : worst
        }
    }

    /// One host's class.
    public static func status(for outcome: HostOutcome) -> ExitStatus {
        switch outcome {
        case .exited(0): .ok
        case .exited: .commandFailed
        case .failed: .sshFailure
        case .timedOut, .cancelled, .signalled: .timedOutOrKilled
        }
    }

    /// For `-S`: the largest remote exit status. A host whose command did not exit by
    /// itself (SSH failure, timeout, cancel, signal) counts as 255, as ssh reports it to
    /// pdsh and clush. No hosts is 0.
    public static func largestRemoteStatus(_ results: [HostResult]) -> ExitStatus {
        ExitStatus(rawValue: results.reduce(0) { largest, result in
            if case .exited(let status) = result.outcome { return max(largest, status) }
            return max(largest, 255)
        })
    }

    private static func precedence(_ status: ExitStatus) -> Int {
        switch status {
        case .timedOutOrKilled: 3
        case .sshFailure: 2
        case .commandFailed: 1
        default: 0
        }
    }
}
