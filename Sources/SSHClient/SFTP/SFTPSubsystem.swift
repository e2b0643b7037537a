import CLibSSH2

/// What a failed SFTP call reported: the libssh2 code, and the `LIBSSH2_FX_*` status
/// when the server answered with one (`LIBSSH2_ERROR_SFTP_PROTOCOL`).
struct SFTPFailure: Equatable {
    let code: Int32
    let status: UInt?
    let message: String
}

/// The outcome of one SFTP call through the subsystem's funnel.
enum SFTPCall: Equatable {
    case done(Int)
    /// Call again with the same arguments when the socket is ready.
    case again
    /// Another transfer is in the middle of a call; try on a later pass.
    case busy
    case failed(SFTPFailure)
}

/// One SFTP subsystem of the session (a channel running `sftp`), opened on demand by
/// the session's `SFTPPool` and kept for later work. The corresponding C functions are
/// `libssh2_sftp_init` and `libssh2_sftp_shutdown`.
///
/// libssh2 1.10 keeps the progress of a non-blocking call in the `LIBSSH2_SFTP`
/// struct, not in the file handle (`open_state`, `read_state`, `fstat_state`,
/// `rename_state`, `unlink_state`, and `last_errno`). So while one transfer's call has
/// returned EAGAIN, another transfer's call on the same subsystem would resume the
/// first one's request. The funnel therefore lets one transfer at a time be "inside" a
/// call: whoever got EAGAIN holds it until that call completes; the others wait their
/// turn (`busy`). Completed calls leave that state idle, so transfers interleave
/// freely between calls.
///
/// One call can also leave bytes queued in libssh2 after it returns: a
/// `libssh2_sftp_write` that reports fewer bytes acknowledged than it was given still
/// holds the rest in its queue, and the next packet it sends may be the second half
/// of an SFTP request cut at the channel's window. Another transfer's request in
/// between would land inside it, so such a writer keeps the funnel (`keepHeld`) until
/// its queue is empty.
final class SFTPSubsystem {
    enum State {
        case opening
        case ready(OpaquePointer)
        case failed(SFTPError)
    }

    private(set) var state = State.opening
    private let session: OpaquePointer
    /// The transfer whose call returned EAGAIN and must be repeated before any other.
    private weak var holder: AnyObject?
    /// Pieces of work assigned to this subsystem and not yet done (see `SFTPPool`).
    var load = 0

    init(session: OpaquePointer) {
        self.session = session
    }

    /// Advances `libssh2_sftp_init` (NULL + EAGAIN until the subsystem has started).
    /// Returns true when the state changed.
    func open() -> Bool {
        guard case .opening = state else { return false }
        let sftp = libssh2_sftp_init(session)
        switch CallOutcome.forPointer(sftp, session: session) {
        case .again: return false
        case .failed(let code, let message):
            let kind: SFTPError.Kind = code == LIBSSH2_ERROR_CHANNEL_FAILURE ? .remote : .connectionLost
            state = .failed(SFTPError(kind, "cannot start the SFTP subsystem: \(message)", path: ""))
        case .done:
            // forPointer says `.done` only for a non-NULL pointer.
            if let sftp { state = .ready(sftp) }
        }
        return true
    }

    var handle: OpaquePointer? {
        if case .ready(let sftp) = state { return sftp }
        return nil
    }

    /// Runs one SFTP call for `owner` through the EAGAIN funnel (see the type's comment).
    func call(by owner: AnyObject, _ body: (OpaquePointer) -> Int) -> SFTPCall {
        guard let sftp = handle else { return .failed(SFTPFailure(code: -1, status: nil, message: "no SFTP subsystem")) }
        if let holder, holder !== owner { return .busy }
        let rc = body(sftp)
        switch CallOutcome(rc, session: session) {
        case .again:
            holder = owner
            return .again
        case .done(let n):
            holder = nil
            return .done(n)
        case .failed(let code, let message):
            holder = nil
            let status = code == LIBSSH2_ERROR_SFTP_PROTOCOL ? libssh2_sftp_last_error(sftp) : nil
            return .failed(SFTPFailure(code: code, status: status, message: message))
        }
    }

    /// `libssh2_sftp_open_ex` through the funnel: the handle on success. `type` is
    /// `LIBSSH2_SFTP_OPENFILE` or `LIBSSH2_SFTP_OPENDIR`.
    func open(by owner: AnyObject, path: String, flags: Int32, mode: Int,
              type: Int32 = LIBSSH2_SFTP_OPENFILE) -> (SFTPCall, OpaquePointer?) {
        var opened: OpaquePointer?
        let outcome = call(by: owner) { sftp in
            opened = libssh2_sftp_open_ex(sftp, path, UInt32(path.utf8.count), UInt(flags), mode, type)
            if opened != nil { return 0 }
            // NULL: EAGAIN, or an error whose code the session holds.
            return Int(libssh2_session_last_errno(session))
        }
        return (outcome, opened)
    }

    /// True when `owner` must repeat a call before doing anything else on the subsystem.
    func isHeld(by owner: AnyObject) -> Bool { holder === owner }

    /// After a completed call that left work queued in libssh2 (see the type's comment),
    /// `owner` stays the only one who may call until it says otherwise.
    func keepHeld(by owner: AnyObject) { holder = owner }

    var isOpening: Bool {
        if case .opening = state { return true }
        return false
    }

    var isFailed: Bool {
        if case .failed = state { return true }
        return false
    }

    /// Ends the subsystem on a live session without waiting: true once that is done
    /// (or it was not open), false when libssh2 waits for the server (call again on a
    /// later turn). The channel's close goes out on the first call, so the host's
    /// `sftp-server` ends then.
    func close() -> Bool {
        guard case .ready(let sftp) = state else { return true }
        if libssh2_sftp_shutdown(sftp) == LIBSSH2_ERROR_EAGAIN { return false }
        state = .failed(SFTPError(.connectionLost, "the subsystem was closed", path: ""))
        return true
    }

    /// One non-blocking try to end the subsystem before the session is freed. If it
    /// cannot finish now, `libssh2_session_free` still frees the channel; only the
    /// small subsystem struct is lost.
    func shutdown() {
        if case .ready(let sftp) = state { _ = libssh2_sftp_shutdown(sftp) }
        state = .failed(SFTPError(.connectionLost, "the session closed", path: ""))
    }
}
