import WorkerProtocol

/// A host as the dispatcher sees it: its name and its connection settings (the
/// `hostID` inside `spec` is assigned by the pool; callers may leave it 0).
public struct DispatchHost: Sendable, Equatable {
    public var name: String
    /// For a host behind gateways, settings as the gateway's worker needs them (key
    /// contents rather than paths: see `GatewayRoute`).
    public var spec: HostSpec
    /// The gateways that reach the host, any of which may carry it (the pool picks the
    /// least loaded, then keeps it there); empty: reached from this machine.
    public var gateways: [GatewayRoute]

    public init(name: String, spec: HostSpec, gateways: [GatewayRoute] = []) {
        self.name = name
        self.spec = spec
        self.gateways = gateways
    }
}

/// A gateway: an inventory host on which a worker runs, reached through a relay process
/// here (`chorus __gateway`) that logs in with `spec` (a local worker's settings: its
/// key files and known_hosts are this machine's).
public struct GatewayRoute: Sendable, Equatable {
    public var name: String
    public var spec: HostSpec

    public init(name: String, spec: HostSpec) {
        self.name = name
        self.spec = spec
    }
}

/// What a broadcast reports as it runs, in order per host: output, then one `finished`.
public enum BroadcastEvent: Sendable, Equatable {
    case output(host: String, stream: StandardStream, bytes: [UInt8])
    case finished(host: String, outcome: JobOutcome, durationMillis: UInt32)
    /// A transfer's bytes so far on one host, of `total` as known so far.
    case progress(host: String, done: UInt64, total: UInt64)
    /// A worker's log record (for debug output).
    case log(level: LogLevel, message: String)
    /// A quarter of a second went by: sent while the broadcast waits, whether or not
    /// anything arrived, so a display can show a hang as a hang.
    case tick
}

public struct BroadcastOptions: Sendable {
    /// Hosts that may be connecting at once; hosts with an open session don't count.
    public var fanout: Int
    public var pty: Bool
    /// Per-command timeout in seconds (nil: none); enforced by the worker.
    public var commandTimeout: Double?
    /// Commands run through `sudo` on each host, with this password for its prompt.
    public var sudo: ExecJob.Sudo?

    public init(fanout: Int = 64, pty: Bool = false, commandTimeout: Double? = nil, sudo: ExecJob.Sudo? = nil) {
        self.fanout = max(1, fanout)
        self.pty = pty
        self.commandTimeout = commandTimeout
        self.sudo = sudo
    }
}

/// What a broadcast does on each host: run a command, or copy files. A transfer's
/// `jobID`, `hostID` and (for a get) per-host `destination` are filled in per host.
public enum BroadcastWork: Sendable {
    case command(String)
    /// `localFolder(host)` gives a get's folder for that host's files; unused for a put.
    case transfer(TransferJob, localFolder: @Sendable (String) -> String)

    func frame(jobID: UInt64, hostID: UInt32, host: String, options: BroadcastOptions, input: InputStreamRef?) -> Frame {
        switch self {
        case .command(let command):
            return .exec(ExecJob(jobID: jobID, hostID: hostID, command: command, pty: options.pty,
                                 timeoutMillis: options.timeoutMillis, input: input, sudo: options.sudo))
        case .transfer(var job, let localFolder):
            job.jobID = jobID
            job.hostID = hostID
            job.timeoutMillis = options.timeoutMillis
            if job.direction == .get { job.destination = localFolder(host) }
            return .transfer(job)
        }
    }
}
