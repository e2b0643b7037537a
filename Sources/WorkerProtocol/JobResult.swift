/// How a job ended, sent exactly once per job in a `result` frame.
public struct JobResult: Sendable, Equatable {
    public var jobID: UInt64
    public var outcome: JobOutcome
    /// Milliseconds from the job reaching the worker to its end, on the worker's clock
    /// (the protocol assumes no shared clock, so it carries durations, never timestamps).
    public var durationMillis: UInt32

    public init(jobID: UInt64, outcome: JobOutcome, durationMillis: UInt32) {
        self.jobID = jobID
        self.outcome = outcome
        self.durationMillis = durationMillis
    }
}

/// The end of a job. A failing host is a result, not an error.
public enum JobOutcome: Sendable, Hashable {
    /// The command ran and exited with this status.
    case exited(Int32)
    /// The command was killed by a signal, named without `SIG` as SSH reports it (`KILL`).
    case signalled(String)
    /// The job's `timeoutMillis` ran out, or the shell cancelled it with `timedOut: true`.
    case timedOut
    /// The shell cancelled the job.
    case cancelled
    /// The job never ran or was lost: `kind` is a stable SSH error kind such as `refused`,
    /// `auth-failed` or `worker-died`; `message` is a one-line reason for people.
    case failed(kind: String, message: String)
}
