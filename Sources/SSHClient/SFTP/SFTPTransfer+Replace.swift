import CLibSSH2
import ShellQuote

/// How a put replaces a file that already exists, once the plain SFTP rename was
/// refused (see `SFTPTransfer.rename`).
///
/// First `mv -f` through the host's shell: `rename(2)` on one file system, atomic.
/// A host that runs no commands (an SFTP-only account, `ForceCommand internal-sftp`)
/// or finds no `mv` gets three SFTP renames instead: the old file set aside under the temporary name's
/// `.old` twin, the new file moved in, the old one removed. If the move in fails, the
/// old file is put back. Between the first two renames the name is briefly absent:
/// protocol 3 offers nothing atomic, and removing the old file first could lose it.
enum ReplaceStep: Equatable {
    case shell
    case checkingTarget
    case settingAside
    case movingIn
    case puttingBack(SFTPError)
    case removingOld
}

/// `mv -f` of the temporary file onto the target, on an exec channel of the session.
final class ReplaceCommand {
    private(set) var channel: ExecChannel?
    private(set) var outcome: ExecOutcome?
    /// stdout and stderr, for the error's words (an SFTP-only host explains on stdout).
    private(set) var words: [UInt8] = []

    init(from: String, to: String, on session: SSHSession) {
        channel = session.exec(Self.command(from: from, to: to)) { [weak self] event in
            switch event {
            case .stdout(let bytes), .stderr(let bytes): self?.words += bytes
            case .finished(let outcome): self?.outcome = outcome
            }
        }
    }

    /// Refuses to move the file *into* a directory that has the target's name.
    static func command(from: String, to: String) -> String {
        let (source, target) = (ShellQuoting.quote(from), ShellQuoting.quote(to))
        return "if [ -d \(target) ]; then echo 'is a directory' >&2; exit 21; fi; exec mv -f -- \(source) \(target)"
    }

    /// The host ran something other than the command (it runs no commands), or its
    /// shell found no `mv` (127: a restricted PATH).
    var cannotRun: Bool {
        guard let outcome, let channel else { return false }
        return channel.ranSomethingElse(outcome) || outcome == .exited(127)
    }

    var lastLine: String? {
        String(decoding: words, as: UTF8.self).split(separator: "\n").last.map(String.init)
    }
}

extension PutJob {
    /// Where the old file waits during an SFTP-only replace: beside the temporary file,
    /// as unlikely to collide and as easy to find.
    var asidePath: String { String(temporaryPath.dropLast(".tmp".count)) + ".old" }
}

extension SFTPTransfer {
    func replace(_ job: PutJob, _ step: ReplaceStep, session: SSHSession, sftp: SFTPSubsystem) -> Bool {
        switch step {
        case .shell: return awaitShellReplace(job)
        case .checkingTarget: return checkReplaceTarget(job, sftp)
        case .settingAside:
            return renameStep(remotePath, to: job.asidePath, sftp) { failure in
                guard let failure else { job.oldFileAside = true; job.replace = .movingIn; return }
                fail(SFTPError(failure, doing: "cannot set aside the old", path: remotePath))
            }
        case .movingIn:
            return renameStep(job.temporaryPath, to: remotePath, sftp) { failure in
                guard let failure else { job.created = false; job.replace = .removingOld; return }
                let error = SFTPError(failure, doing: "cannot rename into", path: remotePath)
                if job.oldFileAside { job.replace = .puttingBack(error) } else { fail(error) }
            }
        case .puttingBack(let error):
            return renameStep(job.asidePath, to: remotePath, sftp) { failure in
                if failure == nil { job.oldFileAside = false }
                fail(failure == nil ? error : SFTPError(error.kind, error.message + "; " + oldFileNote(job), path: remotePath))
            }
        case .removingOld:
            let path = job.asidePath
            switch sftp.call(by: self, { sftp in Int(libssh2_sftp_unlink_ex(sftp, path, UInt32(path.utf8.count))) }) {
            case .again, .busy: return false
            case .done, .failed:  // the new file is in place either way
                job.oldFileAside = false
                finish(.completed(bytes: bytesDone))
            }
            return true
        }
    }

    /// Where the old file is when it could not be put back, for the error.
    func oldFileNote(_ job: PutJob) -> String {
        "the old \(SFTPTransfer.split(remotePath).name) is kept as \(job.asidePath)"
    }

    private func renameStep(_ from: String, to: String, _ sftp: SFTPSubsystem, then: (SFTPFailure?) -> Void) -> Bool {
        switch renameOnHost(from, to: to, sftp) {
        case .again, .busy: return false
        case .done: then(nil)
        case .failed(let failure): then(failure)
        }
        return true
    }

    private func awaitShellReplace(_ job: PutJob) -> Bool {
        guard let command = job.replaceCommand, let result = command.outcome else { return false }
        if result == .exited(0) {
            job.created = false
            finish(.completed(bytes: bytesDone))
            return true
        }
        if command.cannotRun {
            job.replace = .checkingTarget
            return true
        }
        let words = command.lastLine
        let kind: SFTPError.Kind = switch result {
        case .exited(21): .notAFile
        case .failed(let error) where error.kind == .disconnected: .connectionLost
        case _ where words?.contains("Permission denied") == true: .permissionDenied
        default: .remote
        }
        fail(SFTPError(kind, "cannot replace \(remotePath): \(words ?? "\(result)")", path: remotePath))
        return true
    }

    /// A folder of the target's name is refused, as the shell replace refuses it. Not
    /// following links: a symlink is replaced itself, as `mv` replaces it.
    private func checkReplaceTarget(_ job: PutJob, _ sftp: SFTPSubsystem) -> Bool {
        switch kindOnHost(remotePath, followingLinks: false, sftp) {
        case .pending: return false
        case .folder: fail(SFTPError(.notAFile, "cannot replace \(remotePath): is a directory", path: remotePath))
        case .other: job.replace = .settingAside
        case .unknown: job.replace = .movingIn  // gone meanwhile: the plain rename may do
        }
        return true
    }
}
