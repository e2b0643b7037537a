extension SSHSession {
    /// The attributes of `path` on this host, following symlinks (relative paths start
    /// in the login folder). A missing path fails with kind `.noSuchFile`. Given while
    /// connecting, it waits for authentication, like `exec`.
    @discardableResult
    public func stat(_ path: String, handler: @escaping (Result<RemoteFileInfo, SFTPError>) -> Void) -> SFTPOperation {
        start(SFTPOperation(path: path, body: StatCall(path: path, reply: Reply(handler))))
    }

    /// Creates one directory (not its parents) with `mode` (the server's umask
    /// applies). An existing directory is success; an existing non-directory fails
    /// with `.notAFile`, a missing parent with `.noSuchDirectory`.
    @discardableResult
    public func makeDirectory(_ path: String, mode: UInt32,
                              handler: @escaping (Result<Void, SFTPError>) -> Void) -> SFTPOperation {
        start(SFTPOperation(path: path, body: MakeDirectoryCall(path: path, mode: mode, reply: Reply(handler))))
    }

    /// Lists everything under `path` (see `RemoteTree`): directories are read with
    /// `libssh2_sftp_open_ex(…LIBSSH2_SFTP_OPENDIR)` and `libssh2_sftp_readdir_ex`.
    /// Symlinked directories are not followed; a symlink to a regular file is listed
    /// as that file (its target's size, mode and times); dangling links, symlinked
    /// directories, devices, sockets and fifos go to `skipped` with a reason. If `path`
    /// is a regular file the tree is one entry with relativePath "". More than `limit`
    /// names fails with kind `.remote` rather than using unbounded memory.
    @discardableResult
    public func listTree(_ path: String, limit: Int = RemoteTree.defaultLimit,
                         handler: @escaping (Result<RemoteTree, SFTPError>) -> Void) -> SFTPOperation {
        start(SFTPOperation(path: path, body: TreeWalk(root: path, limit: limit, reply: Reply(handler))))
    }

    private func start(_ operation: SFTPOperation) -> SFTPOperation {
        if let error = sftpUnavailable(path: operation.remotePath) {
            operation.abandon(error)
        } else {
            operation.session = self
            enqueue(operation)
        }
        return operation
    }
}
