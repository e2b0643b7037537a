/// One message between the shell and a worker. The set of kinds is closed: a decoder
/// refuses a kind it does not know (`FrameError.unknownKind`) rather than skipping it.
///
/// The layout of each kind on the wire is in PROTOCOL.md; `kind` gives its kind byte.
public enum Frame: Sendable, Equatable {
    /// Both ways, the first frame on a stream.
    case hello(Hello)
    /// Shell → worker: connection settings for a host id (replaces earlier ones).
    case openHost(HostSpec)
    /// Shell → worker: disconnect from the host and forget its settings.
    case closeHost(hostID: UInt32)
    /// Shell → worker: run a command.
    case exec(ExecJob)
    /// Shell → worker: copy files to or from a host.
    case transfer(TransferJob)
    /// Shell → worker: stop a job; `timedOut` says the shell's deadline ran out, so the
    /// result is `timedOut` rather than `cancelled`.
    case cancel(jobID: UInt64, timedOut: Bool)
    /// Shell → worker: the shell has consumed this many more output bytes of the job
    /// (the flow-control window; see `OutputAllowance`).
    case credit(jobID: UInt64, bytes: UInt32)
    /// Shell → worker: the input stream's spool now holds `length` bytes; `ended`: that
    /// is all of it, so each job's command gets end-of-file after them.
    case input(streamID: UInt32, length: UInt64, ended: Bool)
    /// Shell → worker (in practice a gateway relay → its far worker): bytes of an input
    /// stream whose `exec` named no spool path, to be written at `offset` of the worker's
    /// own copy. An `input` frame announcing them follows.
    case inputData(streamID: UInt32, offset: UInt64, bytes: [UInt8])
    /// Shell → worker: no job will read the stream below `below` again (its blocks may be
    /// freed); `below` = `UInt64.max`: the stream is over, forget it.
    case inputFree(streamID: UInt32, below: UInt64)
    /// Worker → shell: every running job of this worker on the stream has taken its first
    /// `offset` bytes (the spool below may be dropped; reading may go on). `jobs` counts
    /// the jobs on the stream the worker had received, so the shell can tell a report
    /// sent before its latest job arrived.
    case inputTaken(streamID: UInt32, offset: UInt64, jobs: UInt32)
    /// Worker → shell: the command is running on the host.
    case started(jobID: UInt64)
    /// Worker → shell: a chunk of output, bytes exactly as the host sent them.
    case output(jobID: UInt64, stream: StandardStream, bytes: [UInt8])
    /// Worker → shell: transfer progress, in bytes.
    case progress(jobID: UInt64, done: UInt64, total: UInt64)
    /// Worker → shell: how a job ended; exactly one per job.
    case result(JobResult)
    /// Worker → shell: a log record for the shell to route.
    case log(level: LogLevel, message: String)
    /// Either way: orderly end of stream; the sender sends nothing more.
    case bye

    /// The job the frame is about, whichever way it goes; nil for frames about hosts,
    /// input streams or the stream itself.
    public var jobID: UInt64? {
        switch self {
        case .exec(let job): job.jobID
        case .transfer(let job): job.jobID
        case .result(let result): result.jobID
        case .cancel(let jobID, _), .credit(let jobID, _), .started(let jobID), .output(let jobID, _, _),
             .progress(let jobID, _, _): jobID
        case .hello, .openHost, .closeHost, .input, .inputData, .inputFree, .inputTaken, .log, .bye: nil
        }
    }

    /// The kind byte this frame is sent with.
    public var kind: FrameKind {
        switch self {
        case .hello: .hello
        case .openHost: .openHost
        case .closeHost: .closeHost
        case .exec: .exec
        case .transfer: .transfer
        case .cancel: .cancel
        case .credit: .credit
        case .input: .input
        case .inputData: .inputData
        case .inputFree: .inputFree
        case .inputTaken: .inputTaken
        case .started: .started
        case .output: .output
        case .progress: .progress
        case .result: .result
        case .log: .log
        case .bye: .bye
        }
    }
}
