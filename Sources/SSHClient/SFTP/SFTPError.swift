#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Posix

/// Why one file transfer to or from one host failed. A value per transfer, never the
/// end of a run: other hosts' transfers (and other transfers on the same host) go on.
public struct SFTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable kinds: scripts and the summary group failures by these.
    public enum Kind: String, Sendable, CaseIterable {
        /// The remote (put) or local (get) folder the file goes into does not exist.
        case noSuchDirectory = "no-such-directory"
        /// The remote file to fetch does not exist.
        case noSuchFile = "no-such-file"
        case permissionDenied = "permission-denied"
        /// No space (or quota) left on the side being written.
        case diskFull = "disk-full"
        /// The local file to send cannot be opened or read, or changed size while read.
        case localUnreadable = "local-unreadable"
        /// The path names a directory or something else that is not a plain file.
        case notAFile = "not-a-file"
        /// The file written does not have the size that was sent.
        case sizeMismatch = "size-mismatch"
        /// The file written does not have the SHA-256 digest it should (the message
        /// names both digests).
        case checksumMismatch = "checksum-mismatch"
        /// Stopped on request (operations; transfers report `TransferOutcome.cancelled`).
        case cancelled
        /// The SSH connection dropped, or the session failed before the transfer began.
        case connectionLost = "connection-lost"
        /// Anything else the SFTP server or libssh2 reported.
        case remote
    }

    public let kind: Kind
    /// One line a person understands.
    public let message: String
    /// The path the failure is about (remote or local, as the message says).
    public let path: String
    /// For `connectionLost` when the session itself failed: what happened to it
    /// (`refused`, `auth-failed`, `disconnected` …), so the host's outcome can say so.
    public private(set) var sessionError: SSHError?

    public init(_ kind: Kind, _ message: String, path: String) {
        self.kind = kind
        self.message = message
        self.path = path
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

extension SFTPError {
    /// The session under the transfer failed or closed.
    init(session error: SSHError, path: String) {
        self.init(.connectionLost, "\(error.kind.rawValue): \(error.message)", path: path)
        sessionError = error
    }

    /// A failed libssh2 call during a remote operation (`doing` is e.g. "cannot open").
    /// `LIBSSH2_FX_*` statuses come from `libssh2_sftp_last_error`, read right after
    /// the failing call (it is per subsystem, shared by the transfers on a session).
    init(_ failure: SFTPFailure, doing: String, path: String, during operation: Operation = .other) {
        guard let status = failure.status else {
            self.init(Self.transportKind(failure.code), "\(doing) \(path): \(failure.message)", path: path)
            return
        }
        let (kind, words) = Self.describe(status: status, during: operation)
        self.init(kind, "\(doing) \(path): \(words)", path: path)
    }

    /// What the failing request was, which decides how a vague status reads.
    enum Operation {
        /// Creating a file: "no such file" means its folder is missing.
        case create
        /// Writing data: OpenSSH's sftp-server (protocol 3) reports ENOSPC and EDQUOT
        /// as plain `LIBSSH2_FX_FAILURE`, and little else fails a write to an open file.
        case write
        case other
    }

    /// Negative libssh2 codes other than an SFTP status: the channel or socket died.
    private static func transportKind(_ code: Int32) -> Kind {
        switch code {
        case LIBSSH2_ERROR_SOCKET_SEND, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_DISCONNECT,
             LIBSSH2_ERROR_SOCKET_TIMEOUT, LIBSSH2_ERROR_TIMEOUT, LIBSSH2_ERROR_CHANNEL_CLOSED,
             LIBSSH2_ERROR_CHANNEL_EOF_SENT, LIBSSH2_ERROR_SOCKET_NONE:
            .connectionLost
        default: .remote
        }
    }

    /// `LIBSSH2_FX_*` → kind and words.
    static func describe(status: UInt, during operation: Operation) -> (Kind, String) {
        switch Int32(truncatingIfNeeded: status) {
        case Int32(LIBSSH2_FX_NO_SUCH_FILE), Int32(LIBSSH2_FX_NO_SUCH_PATH):
            operation == .create ? (.noSuchDirectory, "no such directory") : (.noSuchFile, "no such file")
        case Int32(LIBSSH2_FX_FAILURE) where operation == .write:
            (.diskFull, "write failed (the remote disk is full or over quota)")
        case Int32(LIBSSH2_FX_PERMISSION_DENIED), Int32(LIBSSH2_FX_WRITE_PROTECT):
            (.permissionDenied, "permission denied")
        case Int32(LIBSSH2_FX_NO_SPACE_ON_FILESYSTEM), Int32(LIBSSH2_FX_QUOTA_EXCEEDED):
            (.diskFull, "no space left on the remote disk")
        case Int32(LIBSSH2_FX_NOT_A_DIRECTORY): (.noSuchDirectory, "a part of the path is not a directory")
        case Int32(LIBSSH2_FX_FILE_ALREADY_EXISTS): (.remote, "file already exists")
        case Int32(LIBSSH2_FX_NO_CONNECTION), Int32(LIBSSH2_FX_CONNECTION_LOST):
            (.connectionLost, "connection lost")
        case Int32(LIBSSH2_FX_OP_UNSUPPORTED): (.remote, "operation not supported by the server")
        default: (.remote, "SFTP status \(status)")
        }
    }

    /// A failed local system call (`errno`), e.g. while writing a fetched file.
    static func local(_ code: Int32, doing: String, path: String) -> SFTPError {
        let words = errnoText(code)
        let kind: Kind = switch code {
        case ENOENT: .noSuchDirectory
        case EACCES, EPERM, EROFS: .permissionDenied
        case ENOSPC, EDQUOT: .diskFull
        case EISDIR: .notAFile
        default: .remote
        }
        return SFTPError(kind, "\(doing) \(path): \(words)", path: path)
    }
}
