import ShellQuote

/// The host's SHA-256 of a remote file, as lowercase hex: `sha256sum -- 'PATH'` on an
/// exec channel of the transfer's session; or, on a host that runs no commands (an
/// SFTP-only account) or has no `sha256sum`, the file's bytes read back over SFTP and
/// hashed here (a second pass over the file, so only where the host cannot do it).
final class RemoteDigest {
    private var output: [UInt8] = []
    private var errors: [UInt8] = []
    private var channel: ExecChannel?
    /// Set once the host turned out unable to hash; the transfer then reads back.
    private(set) var readBack: ReadBack?
    /// Nil while `sha256sum` runs or the file is read back.
    private(set) var result: Result<String, SFTPError>?

    init(path: String, on session: SSHSession) {
        channel = session.exec("sha256sum -- " + ShellQuoting.quote(path)) { [weak self] event in
            switch event {
            case .stdout(let bytes): self?.output += bytes
            case .stderr(let bytes): self?.errors += bytes
            case .finished(let outcome): self?.finished(outcome, path: path)
            }
        }
    }

    /// A host that ran something else, or whose shell has no `sha256sum` (127; BSD
    /// hosts name it otherwise), gets its file read back instead.
    private func finished(_ outcome: ExecOutcome, path: String) {
        if channel?.ranSomethingElse(outcome) == true || outcome == .exited(127) {
            readBack = ReadBack()
        } else {
            result = interpret(outcome, path: path)
        }
    }

    func readBackEnded(_ ending: Result<String, SFTPError>) {
        result = ending
    }

    /// Stops `sha256sum` if it still runs (a cancel or failure of the transfer).
    func stop() {
        if result == nil, readBack == nil { channel?.cancel() }
        channel = nil
    }

    private func interpret(_ outcome: ExecOutcome, path: String) -> Result<String, SFTPError> {
        let words = String(decoding: errors, as: UTF8.self).split(separator: "\n").last.map(String.init)
        switch outcome {
        case .exited(0):
            guard let digest = Self.digest(in: output) else {
                return .failure(SFTPError(.remote, "sha256sum printed no digest for \(path)", path: path))
            }
            return .success(digest)
        case .failed(let error) where error.kind == .disconnected:
            return .failure(SFTPError(session: error, path: path))
        default:
            return .failure(SFTPError(.remote, "sha256sum \(path) failed: \(words ?? "\(outcome)")", path: path))
        }
    }

    /// The digest at the start of `sha256sum`'s line. A name with a backslash or a
    /// newline makes it escape the name and start the line with `\`.
    static func digest(in output: [UInt8]) -> String? {
        var text = Substring(String(decoding: output, as: UTF8.self))
        if text.hasPrefix("\\") { text = text.dropFirst() }
        let digest = text.prefix(64).lowercased()
        guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else { return nil }
        return digest
    }
}

extension SFTPTransfer {
    /// Put: the temporary file (written, size-checked and closed) must have the
    /// source's digest before it is renamed into place.
    func verifyPut(_ job: PutJob, session: SSHSession, sftp: SFTPSubsystem) -> Bool {
        guard let expected = job.expectedSHA256 else {
            stage = .renaming
            return true
        }
        return compareDigests(&job.remoteDigest, remoteFile: job.temporaryPath, session: session, sftp: sftp) { remote in
            remote == expected ? nil
                : "SHA-256 of \(remotePath) as written on the host is \(remote), the source's is \(expected)"
        }
    }

    /// Get: the bytes written locally must have the remote file's digest before the
    /// local rename.
    func verifyGet(_ job: GetJob, session: SSHSession, sftp: SFTPSubsystem) -> Bool {
        guard let local = job.localDigest else {
            stage = .renaming
            return true
        }
        return compareDigests(&job.remoteDigest, remoteFile: remotePath, session: session, sftp: sftp) { remote in
            remote == local ? nil
                : "SHA-256 of \(remotePath) on the host is \(remote), the bytes received have \(local)"
        }
    }

    /// Starts `sha256sum` on the host once, waits for it, then renames or fails;
    /// `mismatch` gives the words for digests that differ (nil when they match).
    private func compareDigests(_ check: inout RemoteDigest?, remoteFile: String, session: SSHSession,
                                sftp: SFTPSubsystem, mismatch: (String) -> String?) -> Bool {
        guard let running = check else {
            check = RemoteDigest(path: remoteFile, on: session)
            return true
        }
        if let reading = running.readBack, running.result == nil {
            return readBack(reading, of: remoteFile, for: running, sftp)
        }
        switch running.result {
        case nil: return false
        case .failure(let error): fail(SFTPError(error.kind, error.message, path: remotePath))
        case .success(let remote):
            if let words = mismatch(remote) {
                fail(SFTPError(.checksumMismatch, words, path: remotePath))
            } else {
                stage = .renaming
            }
        }
        return true
    }
}
