import CLibSSH2
import Posix

/// How a transfer ended.
public enum TransferOutcome: Sendable, Equatable {
    /// The file is in place under its final name, with this many bytes.
    case completed(bytes: UInt64)
    /// Stopped on request; temporary files were removed where the connection allowed.
    case cancelled
    case failed(SFTPError)
}

/// What a transfer reports, in order: progress, then exactly one `finished`.
public enum TransferEvent: Sendable, Equatable {
    /// Bytes moved so far, of `total` (nil while a get does not yet know the size).
    case progress(done: UInt64, total: UInt64?)
    case finished(TransferOutcome)
}

/// One file copied between this machine and one host over one of the session's SFTP
/// subsystems, driven step by step by the session (like `ExecChannel`): it never blocks.
///
/// Both directions write to a temporary name next to the destination, unique per
/// transfer (`.NAME.chorus-<16 hex>.tmp`), and rename it into place only once the size
/// is verified (and, when asked, its SHA-256), so no reader ever sees a partial file
/// under the final name.
public final class SFTPTransfer: SFTPWork {
    public enum Direction: Sendable { case put, get }

    /// Each direction's own data.
    enum Job {
        case put(PutJob)
        case get(GetJob)
    }

    /// The phases both directions go through; each direction's file says what its
    /// phases do. Cleaning up (after a cancel or failure) closes and removes what was
    /// created, then reports `outcome`.
    enum Stage {
        case waitingForSubsystem
        case opening
        case transferring
        case finishing
        case closing
        /// Comparing SHA-256 digests (when asked), before the rename.
        case verifying
        case renaming
        case cleaningUp
        case done
    }

    public let remotePath: String
    let handler: (TransferEvent) -> Void
    var stage = Stage.waitingForSubsystem
    /// Set when the transfer knows how it ends (it may still have to clean up).
    var outcome: TransferOutcome?
    var cancelRequested = false
    /// The open remote file, if any.
    var file: OpaquePointer?
    /// Bytes acknowledged by the server (put) or written locally (get).
    public internal(set) var bytesDone: UInt64 = 0
    /// The file's size once known (at once for a put; after the remote stat for a get).
    public internal(set) var total: UInt64?
    private var reportedDone: UInt64?
    /// Asked for a turn when cancelled from outside a turn.
    weak var session: SSHSession?
    /// The subsystem it runs on, chosen by the session's `SFTPPool`.
    var subsystem: SFTPSubsystem?
    let job: Job

    init(_ job: Job, remotePath: String, handler: @escaping (TransferEvent) -> Void) {
        self.job = job
        self.remotePath = remotePath
        self.handler = handler
        if case .put(let put) = job { total = put.source.size }
    }

    public var direction: Direction {
        switch job {
        case .put: .put
        case .get: .get
        }
    }

    public var isDone: Bool { if case .done = stage { true } else { false } }

    var lostConnection: SFTPError? {
        if case .failed(let error)? = outcome, error.kind == .connectionLost { return error }
        return nil
    }

    /// Asks the transfer to stop; the session carries it out on its next turn. A call
    /// in flight is finished first (libssh2 requires it), and a put whose rename has
    /// begun completes.
    public func cancel() {
        guard !isDone, outcome == nil else { return }
        cancelRequested = true
        session?.needsTurn = true
    }

    /// Advances as far as possible without waiting; true if anything moved.
    func step(session: SSHSession, sftp: SFTPSubsystem) -> Bool {
        var moved = false
        for _ in 0..<256 {  // bounded per turn, so one transfer cannot starve the other hosts
            guard session.transferBudget > 0 else {
                session.needsTurn = true  // data may wait inside libssh2, unseen by poll
                break
            }
            let before = bytesDone
            guard !isDone, let next = stepOnce(session: session, sftp: sftp), next else { break }
            session.transferBudget -= Int(clamping: bytesDone &- before)
            moved = true
        }
        reportProgress()
        return moved
    }

    /// One stage's worth of work: true = progressed, false = must wait, nil = done.
    private func stepOnce(session: SSHSession, sftp: SFTPSubsystem) -> Bool? {
        if isDone { return nil }
        if case .failed(let error) = sftp.state {
            abandon(error)
            return true
        }
        if cancelRequested, outcome == nil, !sftp.isHeld(by: self), stageAllowsCancel {
            outcome = .cancelled
            stage = .cleaningUp
            return true
        }
        if case .waitingForSubsystem = stage {
            guard sftp.handle != nil else { return false }
            stage = .opening
            return true
        }
        switch job {
        case .put(let put): return stepPut(put, session: session, sftp: sftp)
        case .get(let get): return stepGet(get, session: session, sftp: sftp)
        }
    }

    /// Once the rename has begun the file is (about to be) in place: too late to cancel.
    private var stageAllowsCancel: Bool {
        switch stage {
        case .renaming, .cleaningUp, .done: false
        default: true
        }
    }

    /// Records a failure; the transfer then cleans up before reporting it.
    func fail(_ error: SFTPError) {
        if outcome == nil { outcome = .failed(error) }
        stage = .cleaningUp
    }

    /// The session died under the transfer: no remote call is possible any more. Local
    /// temporary files are still removed; handles are freed with the session.
    func abandon(_ error: SFTPError) {
        guard !isDone else { return }
        file = nil
        var error = error
        switch job {
        case .get(let get): get.removeLocalTemporary()
        case .put(let put) where put.oldFileAside:  // cut off in the middle of a replace
            error = SFTPError(error.kind, error.message + "; " + oldFileNote(put), path: error.path)
        case .put: break
        }
        finish(cancelRequested ? .cancelled : (outcome ?? .failed(error)))
    }

    func finish(_ result: TransferOutcome) {
        guard !isDone else { return }
        stage = .done
        outcome = result
        reportProgress()
        handler(.finished(result))
    }

    private func reportProgress() {
        guard reportedDone != bytesDone else { return }
        guard outcome == nil || outcome == .completed(bytes: bytesDone) else { return }
        reportedDone = bytesDone
        handler(.progress(done: bytesDone, total: total))
    }

    /// Closes the remote file (`libssh2_sftp_close_handle`); true when it is closed.
    /// A failed close still frees the handle in libssh2, so it counts as closed.
    func closeRemoteFile(_ sftp: SFTPSubsystem) -> SFTPCall {
        guard let file else { return .done(0) }
        let result = sftp.call(by: self) { _ in Int(libssh2_sftp_close_handle(file)) }
        switch result {
        case .again, .busy: break
        case .done, .failed: self.file = nil
        }
        return result
    }
}

extension SFTPTransfer {
    /// `.NAME.chorus-<16 hex>.tmp` in the same folder as `path`: unique per transfer, so
    /// two operators, or two hosts sharing an NFS home, never write the same file; and
    /// in the same folder, so the final rename stays on one file system (atomic). The
    /// name is cut (at a character's edge) so the whole stays within `NAME_MAX`: the
    /// random part, not the name, is what makes it unique.
    static func temporaryPath(for path: String) -> String {
        let (folder, name) = split(path)
        let random = String(UInt64.random(in: .min ... .max), radix: 16)
        let hex = String(repeating: "0", count: 16 - random.count) + random
        return folder + "." + PathBytes.prefix(of: name, maxBytes: maxTemporaryNameBytes) + ".chorus-" + hex + ".tmp"
    }

    /// What is left of `NAME_MAX` (255 bytes on Linux and the BSDs) for the original
    /// name once `.` + `.chorus-<16 hex>.tmp` (29 bytes) are added.
    static let maxTemporaryNameBytes = 255 - 29

    /// The folder part (with its trailing `/`, or empty) and the name, split at the last
    /// `/` byte.
    static func split(_ path: String) -> (folder: String, name: String) {
        PathBytes.splitLast(path)
    }
}
