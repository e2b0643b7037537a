import CLibSSH2

/// A small SFTP operation (a stat, a mkdir, a tree listing) on one of the session's
/// SFTP subsystems, driven by the session like a transfer: it never blocks. Its
/// handler is called exactly once; a cancelled operation reports kind `.cancelled`.
public final class SFTPOperation: SFTPWork {
    public let remotePath: String
    /// Asked for a turn when cancelled from outside a turn.
    weak var session: SSHSession?
    /// The subsystem it runs on, chosen by the session's `SFTPPool`.
    var subsystem: SFTPSubsystem?
    private let body: any OperationBody
    private var cancelRequested = false

    init(path: String, body: any OperationBody) {
        self.remotePath = path
        self.body = body
    }

    public var isDone: Bool { body.isDone }

    /// Asks the operation to stop; the session carries it out on its next turn (a call
    /// in flight is finished first, and an open directory is closed).
    public func cancel() {
        guard !isDone else { return }
        cancelRequested = true
        session?.needsTurn = true
    }

    var lostConnection: SFTPError? {
        if let failure = body.failure, failure.kind == .connectionLost { return failure }
        return nil
    }

    func step(session: SSHSession, sftp: SFTPSubsystem) -> Bool {
        var moved = false
        for _ in 0..<256 {  // bounded per turn, like a transfer
            guard !isDone else { break }
            if case .failed(let error) = sftp.state {
                abandon(error)
                return true
            }
            if cancelRequested, !sftp.isHeld(by: self) {
                cancelRequested = false
                body.stop(SFTPError(.cancelled, "cancelled: \(remotePath)", path: remotePath))
            }
            guard sftp.handle != nil, body.step(self, sftp) else { break }
            moved = true
        }
        return moved
    }

    func abandon(_ error: SFTPError) {
        body.abandon(error)
    }
}

/// The calls one kind of operation makes, step by step, through the subsystem's funnel
/// (with the `SFTPOperation` as the funnel's owner).
protocol OperationBody: AnyObject {
    var isDone: Bool { get }
    /// How it failed, once it has.
    var failure: SFTPError? { get }
    /// One call's worth of work; true when something moved, false to wait.
    func step(_ owner: SFTPOperation, _ sftp: SFTPSubsystem) -> Bool
    /// Ends with `error` once nothing is left open (later steps close what is).
    func stop(_ error: SFTPError)
    /// Reports `error` now: no remote call is possible any more.
    func abandon(_ error: SFTPError)
}

/// An operation's handler, called once.
final class Reply<Value> {
    private let handler: (Result<Value, SFTPError>) -> Void
    private(set) var isDone = false
    private(set) var failure: SFTPError?

    init(_ handler: @escaping (Result<Value, SFTPError>) -> Void) {
        self.handler = handler
    }

    func send(_ result: Result<Value, SFTPError>) {
        guard !isDone else { return }
        isDone = true
        if case .failure(let error) = result { failure = error }
        handler(result)
    }
}

/// `stat` (following symlinks). The corresponding C function is `libssh2_sftp_stat_ex`.
final class StatCall: OperationBody {
    let path: String
    let reply: Reply<RemoteFileInfo>

    init(path: String, reply: Reply<RemoteFileInfo>) {
        self.path = path
        self.reply = reply
    }

    var isDone: Bool { reply.isDone }
    var failure: SFTPError? { reply.failure }

    func step(_ owner: SFTPOperation, _ sftp: SFTPSubsystem) -> Bool {
        switch sftp.stat(by: owner, path: path) {
        case (.again, _), (.busy, _): return false
        case (.failed(let failure), _): reply.send(.failure(SFTPError(failure, doing: "cannot stat", path: path)))
        case (.done, let attributes): reply.send(.success(RemoteFileInfo(attributes)))
        }
        return true
    }

    func stop(_ error: SFTPError) { reply.send(.failure(error)) }
    func abandon(_ error: SFTPError) { reply.send(.failure(error)) }
}

extension SFTPSubsystem {
    /// `libssh2_sftp_stat_ex` through the funnel (following symlinks); the attributes
    /// are filled when the call is done.
    func stat(by owner: AnyObject, path: String) -> (SFTPCall, LIBSSH2_SFTP_ATTRIBUTES) {
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        let result = call(by: owner) { sftp in
            Int(libssh2_sftp_stat_ex(sftp, path, UInt32(path.utf8.count), LIBSSH2_SFTP_STAT, &attributes))
        }
        return (result, attributes)
    }

    /// `libssh2_sftp_close_handle` through the funnel.
    func close(by owner: AnyObject, _ handle: OpaquePointer) -> SFTPCall {
        call(by: owner) { _ in Int(libssh2_sftp_close_handle(handle)) }
    }
}
