import CLibSSH2

/// The one funnel every non-blocking libssh2 call goes through: it tells "try again
/// when the socket is ready" apart from success and from a real error.
enum CallOutcome: Equatable {
    case done(Int)
    case again
    case failed(code: Int32, message: String)
}

extension CallOutcome {
    /// Classifies a libssh2 return code (`LIBSSH2_ERROR_EAGAIN` → `.again`, negative →
    /// `.failed` with the session's last error message).
    init(_ rc: Int, session: OpaquePointer) {
        if rc >= 0 {
            self = .done(rc)
        } else if rc == Int(LIBSSH2_ERROR_EAGAIN) {
            self = .again
        } else {
            self = .failed(code: Int32(rc), message: lastErrorMessage(session))
        }
    }

    /// For calls that return a pointer: NULL with last_errno EAGAIN means "again".
    static func forPointer(_ pointer: OpaquePointer?, session: OpaquePointer) -> CallOutcome {
        if pointer != nil { return .done(0) }
        let code = libssh2_session_last_errno(session)
        if code == LIBSSH2_ERROR_EAGAIN { return .again }
        return .failed(code: code, message: lastErrorMessage(session))
    }
}

/// The session's last error text. The corresponding C function is `libssh2_session_last_error`.
func lastErrorMessage(_ session: OpaquePointer) -> String {
    var text: UnsafeMutablePointer<CChar>?
    var length: Int32 = 0
    libssh2_session_last_error(session, &text, &length, 0)
    return text.map { String(cString: $0) } ?? "unknown libssh2 error"
}
