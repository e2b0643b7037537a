import CLibSSH2

/// `mkdir` of one directory; an existing directory (or a symlink to one) is success.
/// The corresponding C functions are `libssh2_sftp_mkdir_ex`, then
/// `libssh2_sftp_stat_ex` when it fails.
///
/// OpenSSH's sftp-server (protocol 3) reports an existing path as a plain
/// `LIBSSH2_FX_FAILURE`, so any failure other than a missing parent is followed by a
/// `stat` that tells "already there" apart from a real refusal.
final class MakeDirectoryCall: OperationBody {
    let path: String
    let mode: UInt32
    let reply: Reply<Void>
    /// The mkdir's failure while the stat that explains it runs.
    private var refusal: SFTPError?

    init(path: String, mode: UInt32, reply: Reply<Void>) {
        self.path = path
        self.mode = mode
        self.reply = reply
    }

    var isDone: Bool { reply.isDone }
    var failure: SFTPError? { reply.failure }

    func step(_ owner: SFTPOperation, _ sftp: SFTPSubsystem) -> Bool {
        if let refusal { return explain(refusal, owner, sftp) }
        let (path, mode) = (path, Int(mode & 0o7777))
        let result = sftp.call(by: owner) { sftp in
            Int(libssh2_sftp_mkdir_ex(sftp, path, UInt32(path.utf8.count), mode))
        }
        switch result {
        case .again, .busy: return false
        case .done: reply.send(.success(()))
        case .failed(let failure):
            let error = SFTPError(failure, doing: "cannot create directory", path: path, during: .create)
            if error.kind == .noSuchDirectory {
                reply.send(.failure(SFTPError(.noSuchDirectory,
                    "cannot create directory \(path): the folder it goes in does not exist", path: path)))
            } else if failure.status == nil {
                reply.send(.failure(error))  // the connection, not the server, failed
            } else {
                refusal = error
            }
        }
        return true
    }

    /// A directory already there is success; anything else there is `.notAFile`;
    /// nothing there means the mkdir's own error stands.
    private func explain(_ refusal: SFTPError, _ owner: SFTPOperation, _ sftp: SFTPSubsystem) -> Bool {
        switch sftp.stat(by: owner, path: path) {
        case (.again, _), (.busy, _): return false
        case (.failed, _): reply.send(.failure(refusal))
        case (.done, let attributes):
            switch RemoteFileInfo(attributes).kind {
            case .directory: reply.send(.success(()))
            default:
                reply.send(.failure(SFTPError(.notAFile,
                    "cannot create directory \(path): something that is not a directory is in the way", path: path)))
            }
        }
        return true
    }

    func stop(_ error: SFTPError) { reply.send(.failure(error)) }
    func abandon(_ error: SFTPError) { reply.send(.failure(error)) }
}
