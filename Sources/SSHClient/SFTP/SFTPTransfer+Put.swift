import CLibSSH2

/// A put's own data: where the bytes come from and what has been handed to libssh2.
final class PutJob {
    let source: any TransferSource
    let mode: UInt32
    let times: FileTimes?
    let temporaryPath: String
    /// The temporary file exists remotely (and must be removed if we do not finish).
    var created = false
    /// Bytes given to `libssh2_sftp_write` and not yet acknowledged, then bytes not yet
    /// given, from `pendingStart` on.
    var pending: [UInt8] = []
    var pendingStart = 0
    /// The next source offset to pull.
    var sourceOffset: UInt64 = 0
    /// A create that failed with "no such file", until the folder is checked.
    var createFailure: SFTPError?
    var attributesSet = false
    var sizeChecked = false
    /// Where replacing an existing file stands, once the plain rename was refused.
    var replace: ReplaceStep?
    var replaceCommand: ReplaceCommand?
    /// The old file sits at `asidePath` (an SFTP-only replace between its renames).
    var oldFileAside = false
    /// The source's SHA-256 (lowercase hex) the temporary file must have, if asked.
    let expectedSHA256: String?
    /// The host's `sha256sum` of the temporary file, once started.
    var remoteDigest: RemoteDigest?

    /// libssh2 1.10 pipelines the packets of one `libssh2_sftp_write` call only, so
    /// each call gets at least this much (32 KiB calls pay a round trip each).
    static let minimumWrite = 256 * 1024
    /// How much is pulled from the source at a time.
    static let chunkSize = 1024 * 1024

    init(source: any TransferSource, mode: UInt32, times: FileTimes?, remotePath: String, expectedSHA256: String?) {
        self.source = source
        self.mode = mode
        self.times = times
        self.temporaryPath = SFTPTransfer.temporaryPath(for: remotePath)
        self.expectedSHA256 = expectedSHA256?.lowercased()
    }

    var unsent: Int { pending.count - pendingStart }
    var sourceExhausted: Bool { sourceOffset >= source.size }
}

extension SFTPTransfer {
    /// Put: open the temporary file → write → set mode (and times), check the size →
    /// close → compare SHA-256 (when asked) → rename into place; or clean up (close,
    /// remove the temporary file).
    func stepPut(_ job: PutJob, session: SSHSession, sftp: SFTPSubsystem) -> Bool {
        switch stage {
        case .waitingForSubsystem, .opening: return openTemporary(job, sftp)
        case .transferring: return session.io.isBacklogged ? false : write(job, sftp)
        case .finishing: return finishPut(job, sftp)
        case .closing: return close(then: .verifying, sftp)
        case .verifying: return verifyPut(job, session: session, sftp: sftp)
        case .renaming: return rename(job, session: session, sftp: sftp)
        case .cleaningUp: return cleanUpPut(job, sftp)
        case .done: return false
        }
    }

    /// Created with 0600 and EXCL: nobody else can read or take over the file while it
    /// is incomplete; the wanted mode is set just before the rename.
    /// The corresponding C function is `libssh2_sftp_open_ex`.
    private func openTemporary(_ job: PutJob, _ sftp: SFTPSubsystem) -> Bool {
        guard !SFTPTransfer.split(remotePath).name.isEmpty else {
            fail(SFTPError(.notAFile, "cannot write \(remotePath): the path names a directory", path: remotePath))
            return true
        }
        if let failure = job.createFailure { return checkFolder(failure, sftp) }
        let flags = LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_EXCL | LIBSSH2_FXF_TRUNC
        let (result, handle) = sftp.open(by: self, path: job.temporaryPath, flags: flags, mode: 0o600)
        switch result {
        case .again, .busy: return false
        case .failed(let failure):
            let error = SFTPError(failure, doing: "cannot create a file in", path: SFTPTransfer.folderName(remotePath), during: .create)
            if error.kind == .noSuchDirectory { job.createFailure = error } else { fail(error) }
        case .done:
            guard let handle else {
                fail(SFTPError(.remote, "cannot create \(job.temporaryPath): no handle", path: remotePath))
                return true
            }
            file = handle
            job.created = true
            stage = .transferring
        }
        return true
    }

    /// "No such file" on a create usually means a missing folder, but special file
    /// systems (`/proc`, `/sys`) say it too when they refuse new files. One `stat` of
    /// the folder tells them apart.
    private func checkFolder(_ failure: SFTPError, _ sftp: SFTPSubsystem) -> Bool {
        let folder = SFTPTransfer.folderName(remotePath)
        switch kindOnHost(folder, followingLinks: true, sftp) {
        case .pending: return false
        case .folder:
            fail(SFTPError(.permissionDenied, "cannot create a file in \(folder): the folder refuses new files", path: folder))
        case .other, .unknown: fail(failure)
        }
        return true
    }

    /// What a path is on the host; `unknown` when the stat failed (e.g. no such path).
    enum HostPathKind { case pending, folder, other, unknown }

    /// What `path` is, by one `stat` (`lstat` unless `followingLinks`).
    /// The corresponding C function is `libssh2_sftp_stat_ex`.
    func kindOnHost(_ path: String, followingLinks: Bool, _ sftp: SFTPSubsystem) -> HostPathKind {
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        let how = followingLinks ? LIBSSH2_SFTP_STAT : LIBSSH2_SFTP_LSTAT
        let result = sftp.call(by: self) { sftp in
            Int(libssh2_sftp_stat_ex(sftp, path, UInt32(path.utf8.count), how, &attributes))
        }
        switch result {
        case .again, .busy: return .pending
        case .failed: return .unknown
        case .done:
            return attributes.permissions & UInt(LIBSSH2_SFTP_S_IFMT) == UInt(LIBSSH2_SFTP_S_IFDIR) ? .folder : .other
        }
    }

    /// One `libssh2_sftp_write` of everything not yet acknowledged (topped up from the
    /// source to at least `minimumWrite`). After EAGAIN the same bytes go again; after
    /// a partial count the acknowledged prefix is dropped and the rest goes again
    /// (libssh2 skips what it has already queued), and the transfer keeps the
    /// subsystem to itself until libssh2's queue is empty (see `SFTPSubsystem`). A
    /// cancel stops the topping up, so the queue empties and the cancel can proceed.
    private func write(_ job: PutJob, _ sftp: SFTPSubsystem) -> Bool {
        guard let file else { return false }
        if !cancelRequested, job.unsent < PutJob.minimumWrite, !job.sourceExhausted {
            if let error = topUp(job) { fail(error); return true }
        }
        if job.unsent == 0 {
            stage = .finishing
            return true
        }
        let result = sftp.call(by: self) { _ in
            job.pending.withUnsafeBytes { bytes in
                let start = bytes.baseAddress.map { $0 + job.pendingStart }?.assumingMemoryBound(to: CChar.self)
                return libssh2_sftp_write(file, start, job.unsent)
            }
        }
        switch result {
        case .again, .busy: return false
        case .done(let n):
            if n < job.unsent { sftp.keepHeld(by: self) }
            job.pendingStart += n
            bytesDone += UInt64(n)
            return n > 0
        case .failed(let failure):
            fail(SFTPError(failure, doing: "cannot write", path: remotePath, during: .write))
            return true
        }
    }

    /// Pulls the next chunk from the source behind the unsent bytes.
    private func topUp(_ job: PutJob) -> SFTPError? {
        guard let chunk = job.source.chunk(at: job.sourceOffset, maxLength: PutJob.chunkSize) else {
            return SFTPError(.localUnreadable, "cannot read \(job.source.name)", path: job.source.name)
        }
        guard !chunk.isEmpty else {
            return SFTPError(.localUnreadable, "\(job.source.name) shrank while being sent", path: job.source.name)
        }
        job.pending.removeSubrange(..<job.pendingStart)
        job.pendingStart = 0
        job.pending += chunk
        job.sourceOffset += UInt64(chunk.count)
        return nil
    }

    /// Sets the mode (and times when asked), then checks the written size.
    /// The corresponding C function is `libssh2_sftp_fstat_ex` (set, then get).
    private func finishPut(_ job: PutJob, _ sftp: SFTPSubsystem) -> Bool {
        guard let file else { return false }
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        let setting = !job.attributesSet
        if setting {
            attributes.flags = UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS)
            attributes.permissions = UInt(job.mode & 0o7777)
            if let times = job.times {
                attributes.flags |= UInt(LIBSSH2_SFTP_ATTR_ACMODTIME)
                attributes.atime = UInt(max(0, times.accessed))
                attributes.mtime = UInt(max(0, times.modified))
            }
        }
        switch sftp.call(by: self, { _ in Int(libssh2_sftp_fstat_ex(file, &attributes, setting ? 1 : 0)) }) {
        case .again, .busy: return false
        case .failed(let failure):
            fail(SFTPError(failure, doing: setting ? "cannot set the mode of" : "cannot check the size of", path: remotePath))
        case .done:
            if setting {
                job.attributesSet = true
            } else if attributes.flags & UInt(LIBSSH2_SFTP_ATTR_SIZE) != 0, attributes.filesize != job.source.size {
                fail(SFTPError(.sizeMismatch, "\(remotePath) has \(attributes.filesize) bytes after writing \(job.source.size)",
                               path: remotePath))
            } else {
                stage = .closing
            }
        }
        return true
    }

    /// Closes the remote file, then moves on; a failed close loses nothing we need.
    func close(then next: Stage, _ sftp: SFTPSubsystem) -> Bool {
        switch closeRemoteFile(sftp) {
        case .again, .busy: return false
        case .done, .failed: stage = next; return true
        }
    }

    /// Moves the temporary file into place.
    ///
    /// OpenSSH's sftp-server speaks protocol 3, whose RENAME refuses an existing target
    /// (it links the new name, then unlinks the old; `link` fails with EEXIST →
    /// `LIBSSH2_FX_FAILURE`), and libssh2 sends `libssh2_sftp_rename_ex`'s OVERWRITE /
    /// ATOMIC flags only to servers of protocol 5 and later. libssh2 1.10 has no
    /// `posix-rename@openssh.com`. So a refused rename becomes a replace (see
    /// `ReplaceStep`). The plain SFTP rename goes first because it needs no shell and no
    /// extra channel when the target does not exist yet.
    private func rename(_ job: PutJob, session: SSHSession, sftp: SFTPSubsystem) -> Bool {
        if let step = job.replace { return replace(job, step, session: session, sftp: sftp) }
        switch renameOnHost(job.temporaryPath, to: remotePath, sftp) {
        case .again, .busy: return false
        case .done:
            job.created = false
            finish(.completed(bytes: bytesDone))
        case .failed(let failure) where failure.status == UInt(LIBSSH2_FX_FAILURE):
            job.replace = .shell
            job.replaceCommand = ReplaceCommand(from: job.temporaryPath, to: remotePath, on: session)
        case .failed(let failure):
            fail(SFTPError(failure, doing: "cannot rename into", path: remotePath))
        }
        return true
    }

    /// The corresponding C function is `libssh2_sftp_rename_ex` (flags for servers of
    /// protocol 5 and later; protocol 3 ignores them).
    func renameOnHost(_ from: String, to: String, _ sftp: SFTPSubsystem) -> SFTPCall {
        sftp.call(by: self) { sftp in
            Int(libssh2_sftp_rename_ex(sftp, from, UInt32(from.utf8.count), to, UInt32(to.utf8.count),
                                       Int(LIBSSH2_SFTP_RENAME_OVERWRITE | LIBSSH2_SFTP_RENAME_ATOMIC | LIBSSH2_SFTP_RENAME_NATIVE)))
        }
    }

    /// Closes the file and removes the temporary name (each best effort), then reports.
    /// The corresponding C function is `libssh2_sftp_unlink_ex`.
    private func cleanUpPut(_ job: PutJob, _ sftp: SFTPSubsystem) -> Bool {
        job.remoteDigest?.stop()
        if file != nil { return close(then: .cleaningUp, sftp) }
        if job.created {
            let path = job.temporaryPath
            switch sftp.call(by: self, { sftp in Int(libssh2_sftp_unlink_ex(sftp, path, UInt32(path.utf8.count))) }) {
            case .again, .busy: return false
            case .done, .failed: job.created = false
            }
        }
        finish(outcome ?? .cancelled)
        return true
    }

    /// The folder a path is in, for messages ("." for a bare name).
    static func folderName(_ path: String) -> String {
        let folder = split(path).folder
        return folder.isEmpty ? "." : folder
    }
}
