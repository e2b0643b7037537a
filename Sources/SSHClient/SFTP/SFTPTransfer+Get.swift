#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Digests
import Posix

/// A get's own data: the local files and what the remote file said about itself.
final class GetJob {
    let localPath: String
    let temporaryPath: String
    let keepTimes: Bool
    /// The local temporary file while it is open.
    var fd: Int32 = -1
    var localCreated = false
    /// From `fstat` of the open remote file.
    var remote: LIBSSH2_SFTP_ATTRIBUTES?
    /// One read's worth; libssh2 reads ahead about four times this.
    var buffer = [UInt8](repeating: 0, count: 1024 * 1024)
    /// Hashes the bytes as they are written (reads come in order), when asked to verify.
    var hasher: SHA256?
    /// The written bytes' SHA-256 (lowercase hex), once they are all written.
    var localDigest: String?
    /// The host's `sha256sum` of the remote file, once started.
    var remoteDigest: RemoteDigest?

    init(localPath: String, keepTimes: Bool, verify: Bool) {
        self.localPath = localPath
        self.keepTimes = keepTimes
        self.temporaryPath = SFTPTransfer.temporaryPath(for: localPath)
        self.hasher = verify ? SHA256() : nil
    }

    /// Closes and removes the local temporary file, if any (local calls always work).
    func removeLocalTemporary() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        if localCreated { unlink(temporaryPath) }
        localCreated = false
    }
}

extension SFTPTransfer {
    /// Get: open the remote file → fstat → create the local temporary file → read →
    /// check the size, set the mode → close both → compare SHA-256 (when asked) →
    /// rename into place; or clean up.
    func stepGet(_ job: GetJob, session: SSHSession, sftp: SFTPSubsystem) -> Bool {
        switch stage {
        case .waitingForSubsystem, .opening: return openForGet(job, sftp)
        case .transferring: return read(job, sftp)
        case .finishing: return finishLocal(job)
        case .closing: return close(then: .verifying, sftp)
        case .verifying: return verifyGet(job, session: session, sftp: sftp)
        case .renaming: return renameLocal(job)
        case .cleaningUp:
            job.remoteDigest?.stop()
            if file != nil { return close(then: .cleaningUp, sftp) }
            job.removeLocalTemporary()
            finish(outcome ?? .cancelled)
            return true
        case .done: return false
        }
    }

    /// Three steps, each done once: remote open, remote fstat, local create.
    private func openForGet(_ job: GetJob, _ sftp: SFTPSubsystem) -> Bool {
        if file == nil { return openRemote(sftp) }
        if job.remote == nil { return statRemote(job, sftp) }
        return createLocal(job)
    }

    /// The corresponding C function is `libssh2_sftp_open_ex`.
    private func openRemote(_ sftp: SFTPSubsystem) -> Bool {
        let (result, handle) = sftp.open(by: self, path: remotePath, flags: LIBSSH2_FXF_READ, mode: 0)
        switch result {
        case .again, .busy: return false
        case .failed(let failure): fail(SFTPError(failure, doing: "cannot open", path: remotePath))
        case .done:
            guard let handle else {
                fail(SFTPError(.remote, "cannot open \(remotePath): no handle", path: remotePath))
                return true
            }
            file = handle
        }
        return true
    }

    /// The size to expect and the mode to keep. The corresponding C function is
    /// `libssh2_sftp_fstat_ex`.
    private func statRemote(_ job: GetJob, _ sftp: SFTPSubsystem) -> Bool {
        guard let file else { return false }
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        switch sftp.call(by: self, { _ in Int(libssh2_sftp_fstat_ex(file, &attributes, 0)) }) {
        case .again, .busy: return false
        case .failed(let failure): fail(SFTPError(failure, doing: "cannot stat", path: remotePath))
        case .done:
            let permissions = attributes.flags & UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS) != 0 ? attributes.permissions : 0
            if permissions != 0, permissions & UInt(LIBSSH2_SFTP_S_IFMT) != UInt(LIBSSH2_SFTP_S_IFREG) {
                fail(SFTPError(.notAFile, "cannot fetch \(remotePath): not a regular file", path: remotePath))
                return true
            }
            job.remote = attributes
            if attributes.flags & UInt(LIBSSH2_SFTP_ATTR_SIZE) != 0 { total = attributes.filesize }
        }
        return true
    }

    /// Created 0600 and exclusive; the remote mode is applied just before the rename.
    private func createLocal(_ job: GetJob) -> Bool {
        let fd = open(job.temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            let folder = SFTPTransfer.folderName(job.localPath)
            fail(code == ENOENT
                ? SFTPError(.noSuchDirectory, "cannot create a file in \(folder): no such directory", path: folder)
                : SFTPError.local(code, doing: "cannot create a file in", path: folder))
            return true
        }
        job.fd = fd
        job.localCreated = true
        stage = .transferring
        return true
    }

    /// One `libssh2_sftp_read` into the buffer, written out at once; 0 bytes = the end.
    private func read(_ job: GetJob, _ sftp: SFTPSubsystem) -> Bool {
        guard let file else { return false }
        let result = sftp.call(by: self) { _ in
            job.buffer.withUnsafeMutableBytes {
                libssh2_sftp_read(file, $0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count)
            }
        }
        switch result {
        case .again, .busy: return false
        case .done(0): stage = .finishing
        case .done(let n):
            if let error = writeLocal(job, count: n) { fail(error); return true }
            bytesDone += UInt64(n)
        case .failed(let failure): fail(SFTPError(failure, doing: "cannot read", path: remotePath))
        }
        return true
    }

    /// Writes the buffer's first `count` bytes to the local file (a local disk: a
    /// blocking write is fine). The corresponding C function is `write`.
    private func writeLocal(_ job: GetJob, count: Int) -> SFTPError? {
        let failed = job.buffer.withUnsafeBytes { writeAll(UnsafeRawBufferPointer(rebasing: $0[..<count]), to: job.fd) }
        if let failed { return SFTPError.local(failed, doing: "cannot write", path: job.localPath) }
        job.hasher?.update(job.buffer[..<count])
        return nil
    }

    /// Size check, mode (and times when asked), then the local close, which can also
    /// report a full disk (NFS). The corresponding C functions are `fchmod`,
    /// `futimens` and `close`.
    private func finishLocal(_ job: GetJob) -> Bool {
        if let expected = total, expected != bytesDone {
            fail(SFTPError(.sizeMismatch, "read \(bytesDone) bytes of \(remotePath), which has \(expected)", path: remotePath))
            return true
        }
        if let remote = job.remote, remote.flags & UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS) != 0 {
            _ = fchmod(job.fd, LocalMode.forFetchedFile(UInt32(truncatingIfNeeded: remote.permissions), keep: job.keepTimes))
        }
        if job.keepTimes, let remote = job.remote, remote.flags & UInt(LIBSSH2_SFTP_ATTR_ACMODTIME) != 0 {
            var times = [timespec(tv_sec: Int(remote.atime), tv_nsec: 0), timespec(tv_sec: Int(remote.mtime), tv_nsec: 0)]
            _ = futimens(job.fd, &times)
        }
        let closed = Glibc.close(job.fd)
        let code = errno
        job.fd = -1
        job.localDigest = job.hasher.map { $0.hexDigest() }
        if closed != 0 {
            fail(SFTPError.local(code, doing: "cannot write", path: job.localPath))
        } else {
            stage = .closing
        }
        return true
    }

    /// `rename(2)` replaces an existing file atomically.
    private func renameLocal(_ job: GetJob) -> Bool {
        guard Glibc.rename(job.temporaryPath, job.localPath) == 0 else {
            fail(SFTPError.local(errno, doing: "cannot rename into", path: job.localPath))
            return true
        }
        job.localCreated = false
        finish(.completed(bytes: bytesDone))
        return true
    }
}
