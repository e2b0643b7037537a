import WorkerProtocol

/// Which output stream a chunk came from. It is the worker protocol's own type, so the
/// dispatcher passes a frame's stream straight through; `RenderStream` names it in files
/// that also import Foundation (whose `OutputStream` is a class).
public typealias OutputStream = WorkerProtocol.OutputStream
public typealias RenderStream = WorkerProtocol.OutputStream

/// How one host's job ended, as the dispatcher hands it to the renderers.
public enum HostOutcome: Sendable, Equatable, Hashable {
    /// The command ran and exited with this status; 0 is ok.
    case exited(Int32)
    /// Killed by a signal, named without `SIG` (`TERM`).
    case signalled(String)
    case timedOut
    case cancelled
    /// The job failed at the SSH level. `kind` is stable (`refused`, `unreachable`,
    /// `auth-failed`, `host-key-changed`, `worker-died`); `message` is one line for people.
    case failed(kind: String, message: String)

    /// The worker protocol's outcome, unchanged.
    public init(_ outcome: JobOutcome) {
        switch outcome {
        case .exited(let status): self = .exited(status)
        case .signalled(let name): self = .signalled(name)
        case .timedOut: self = .timedOut
        case .cancelled: self = .cancelled
        case .failed(let kind, let message): self = .failed(kind: kind, message: message)
        }
    }

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
        self.init(host: host, outcome: HostOutcome(result.outcome), durationMillis: result.durationMillis)
    }
}
