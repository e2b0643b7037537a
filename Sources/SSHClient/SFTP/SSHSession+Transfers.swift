extension SSHSession {
    /// Copies `source` to `remotePath` on this host (relative paths start in the login
    /// folder). It is written under a temporary name next to it and renamed into place
    /// when complete; `mode` is set on it, and `times` too when given. A transfer given
    /// while connecting waits for authentication, like `exec`.
    ///
    /// With `verifySHA256` (the source's SHA-256, lowercase hex), the host computes
    /// the temporary file's digest with `sha256sum` before the rename; a different
    /// digest fails as `.checksumMismatch` and leaves no file behind.
    @discardableResult
    public func put(source: any TransferSource, remotePath: String, mode: UInt32 = 0o644, times: FileTimes? = nil,
                    verifySHA256: String? = nil, handler: @escaping (TransferEvent) -> Void) -> SFTPTransfer {
        let job = PutJob(source: source, mode: mode, times: times, remotePath: remotePath, expectedSHA256: verifySHA256)
        return start(SFTPTransfer(.put(job), remotePath: remotePath, handler: handler))
    }

    /// Copies `remotePath` from this host to `localPath`, through a temporary file next
    /// to it renamed into place when complete and size-checked. The remote mode is kept,
    /// and the times when `keepTimes` is set.
    ///
    /// With `verifySHA256`, the bytes are hashed as they are written, and the host's
    /// `sha256sum` of the remote file must match before the rename (else
    /// `.checksumMismatch`, and the temporary file is removed).
    @discardableResult
    public func get(remotePath: String, localPath: String, keepTimes: Bool = false, verifySHA256: Bool = false,
                    handler: @escaping (TransferEvent) -> Void) -> SFTPTransfer {
        let job = GetJob(localPath: localPath, keepTimes: keepTimes, verify: verifySHA256)
        return start(SFTPTransfer(.get(job), remotePath: remotePath, handler: handler))
    }

    private func start(_ transfer: SFTPTransfer) -> SFTPTransfer {
        if let error = sftpUnavailable(path: transfer.remotePath) {
            transfer.finish(.failed(error))
        } else {
            transfer.session = self
            enqueue(transfer)
        }
        return transfer
    }

    /// Why new SFTP work cannot run at all (the session failed or closed), if so.
    func sftpUnavailable(path: String) -> SFTPError? {
        switch state {
        case .failed(let error): SFTPError(session: error, path: path)
        case .closed: SFTPError(.connectionLost, "session is closed", path: path)
        default: nil
        }
    }

    func enqueue(_ work: any SFTPWork) {
        sftpWork.append(work)
        needsTurn = true
    }

    /// Opens SFTP subsystems as the work needs them, then steps every piece once.
    /// When the last piece is done, the extra subsystems close.
    func stepSFTPWork(_ raw: OpaquePointer) -> Bool {
        var moved = sftpPool.stepClosing()
        guard !sftpWork.isEmpty else { return moved }
        moved = sftpPool.step(sftpWork, session: self, raw: raw, limit: sftpChannelLimit) || moved
        sftpWork.removeAll { work in
            guard work.isDone else { return false }
            sftpPool.retire(work)
            return true
        }
        if sftpWork.isEmpty {
            sftpPool.closeExtras()
            moved = sftpPool.stepClosing() || moved
        }
        return moved
    }

    /// SFTP work that lost the connection means the whole session is gone.
    var sftpLostConnection: SSHError? {
        for work in sftpWork {
            if let error = work.lostConnection { return SSHError(.disconnected, error.message) }
        }
        return nil
    }

    /// The session ended under its SFTP work: each piece reports once.
    func abandonSFTPWork(_ error: SSHError) {
        for work in sftpWork { work.abandon(SFTPError(session: error, path: work.remotePath)) }
        sftpWork.removeAll()
        sftpPool.shutdown()
    }
}
