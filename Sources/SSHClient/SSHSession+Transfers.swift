extension SSHSession {
    /// Copies `source` to `remotePath` on this host (relative paths start in the login
    /// folder). It is written under a temporary name next to it and renamed into place
    /// when complete; `mode` is set on it, and `times` too when given. A transfer given
    /// while connecting waits for authentication, like `exec`.
    @discardableResult
    public func put(source: any TransferSource, remotePath: String, mode: UInt32 = 0o644, times: FileTimes? = nil,
                    handler: @escaping (TransferEvent) -> Void) -> SFTPTransfer {
        let job = PutJob(source: source, mode: mode, times: times, remotePath: remotePath)
        return start(SFTPTransfer(.put(job), remotePath: remotePath, handler: handler))
    }

    /// Copies `remotePath` from this host to `localPath`, through a temporary file next
    /// to it renamed into place when complete and size-checked. The remote mode is kept,
    /// and the times when `keepTimes` is set.
    @discardableResult
    public func get(remotePath: String, localPath: String, keepTimes: Bool = false,
                    handler: @escaping (TransferEvent) -> Void) -> SFTPTransfer {
        let job = GetJob(localPath: localPath, keepTimes: keepTimes)
        return start(SFTPTransfer(.get(job), remotePath: remotePath, handler: handler))
    }

    private func start(_ transfer: SFTPTransfer) -> SFTPTransfer {
        if case .failed(let error) = state {
            transfer.finish(.failed(SFTPError(session: error, path: transfer.remotePath)))
        } else if case .closed = state {
            transfer.finish(.failed(SFTPError(.connectionLost, "session is closed", path: transfer.remotePath)))
        } else {
            transfer.session = self
            transfers.append(transfer)
            needsTurn = true
        }
        return transfer
    }

    /// Opens the SFTP subsystem on first need, then steps every transfer once.
    func stepTransfers(_ raw: OpaquePointer) -> Bool {
        guard !transfers.isEmpty else { return false }
        let subsystem = sftp ?? SFTPSubsystem(session: raw)
        sftp = subsystem
        var moved = subsystem.open()
        for transfer in transfers where !transfer.isDone {
            moved = transfer.step(session: self, sftp: subsystem) || moved
        }
        transfers.removeAll { $0.isDone }
        return moved
    }

    /// A transfer that lost the connection means the whole session is gone.
    var transferLostConnection: SSHError? {
        for transfer in transfers {
            if case .failed(let error)? = transfer.outcome, error.kind == .connectionLost {
                return SSHError(.disconnected, error.message)
            }
        }
        return nil
    }

    /// The session ended under its transfers: each reports once.
    func abandonTransfers(_ error: SSHError) {
        for transfer in transfers { transfer.abandon(SFTPError(session: error, path: transfer.remotePath)) }
        transfers.removeAll()
        sftp?.shutdown()
        sftp = nil
    }
}
