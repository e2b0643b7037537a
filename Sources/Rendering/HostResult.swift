import WorkerProtocol

/// How one host's job ended: the worker protocol's own outcome, passed through
/// unchanged (a mirror type of it used to repeat it case for case).
public typealias HostOutcome = JobOutcome

extension JobOutcome {
    /// The command ran and exited 0.
    public var isOK: Bool { self == .exited(0) }

    /// The command ran to an exit status of its own (zero or not).
    public var isExit: Bool { if case .exited = self { true } else { false } }
}

/// One host's end of a broadcast.
public struct HostResult: Sendable, Equatable {
    /// The inventory name, or the ad-hoc name as typed.
    public var host: String
    public var outcome: HostOutcome
    public var durationMillis: UInt32

    public init(host: String, outcome: HostOutcome, durationMillis: UInt32) {
        self.host = host
        self.outcome = outcome
        self.durationMillis = durationMillis
    }

    /// A worker's result for the job that ran on `host`.
    public init(host: String, _ result: JobResult) {
        self.init(host: host, outcome: result.outcome, durationMillis: result.durationMillis)
    }
}
