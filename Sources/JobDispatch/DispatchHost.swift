import WorkerProtocol

/// A host as the dispatcher sees it: its name and its connection settings (the
/// `hostID` inside `spec` is assigned by the pool; callers may leave it 0).
public struct DispatchHost: Sendable, Equatable {
    public var name: String
    public var spec: HostSpec

    public init(name: String, spec: HostSpec) {
        self.name = name
        self.spec = spec
    }
}

/// What a broadcast reports as it runs, in order per host: output, then one `finished`.
public enum BroadcastEvent: Sendable, Equatable {
    case output(host: String, stream: WorkerProtocol.OutputStream, bytes: [UInt8])
    case finished(host: String, outcome: JobOutcome, durationMillis: UInt32)
    /// A worker's log record (for debug output).
    case log(level: LogLevel, message: String)
}

public struct BroadcastOptions: Sendable {
    /// Hosts that may be connecting at once; hosts with an open session don't count.
    public var fanout: Int
    public var pty: Bool
    /// Per-command timeout in seconds (nil: none); enforced by the worker.
    public var commandTimeout: Double?

    public init(fanout: Int = 64, pty: Bool = false, commandTimeout: Double? = nil) {
        self.fanout = max(1, fanout)
        self.pty = pty
        self.commandTimeout = commandTimeout
    }
}
