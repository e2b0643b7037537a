/// `sha256sum -- 'PATH'` on an exec channel of the transfer's session: the host's
/// SHA-256 of a remote file, as lowercase hex.
final class RemoteDigest {
    private var output: [UInt8] = []
    private var errors: [UInt8] = []
    private var channel: ExecChannel?
    /// Nil while `sha256sum` runs.
    private(set) var result: Result<String, SFTPError>?

    init(path: String, on session: SSHSession) {
        channel = session.exec("sha256sum -- " + SFTPTransfer.shellQuoted(path)) { [weak self] event in
            switch event {
            case .stdout(let bytes): self?.output += bytes
            case .stderr(let bytes): self?.errors += bytes
            case .finished(let outcome): self?.result = self?.interpret(outcome, path: path)
            }
        }
    }

    /// Stops `sha256sum` if it still runs (a cancel or failure of the transfer).
    func stop() {
        if result == nil { channel?.cancel() }
        channel = nil
    }

    private func interpret(_ outcome: ExecOutcome, path: String) -> Result<String, SFTPError> {
        let words = String(decoding: errors, as: UTF8.self).split(separator: "\n").last.map(String.init)
        if channel?.ranSomethingElse(outcome) == true {
            let said = String(decoding: output + errors, as: UTF8.self).split(separator: "\n").last.map { " (it says: \($0))" }
            return .failure(SFTPError(.remote, "the host runs no commands\(said ?? ""), so it cannot compute SHA-256 "
                                      + "for --checksum; copy without --checksum there", path: path))
        }
        switch outcome {
        case .exited(0):
            guard let digest = Self.digest(in: output) else {
                return .failure(SFTPError(.remote, "sha256sum printed no digest for \(path)", path: path))
            }
            return .success(digest)
        case .exited(127):
            return .failure(SFTPError(.remote, "the remote side cannot compute SHA-256 (no sha256sum on the host)", path: path))
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
    func verifyPut(_ job: PutJob, session: SSHSession) -> Bool {
        guard let expected = job.expectedSHA256 else {
            stage = .renaming
            return true
        }
        return compareDigests(&job.remoteDigest, remoteFile: job.temporaryPath, session: session) { remote in
            remote == expected ? nil
                : "SHA-256 of \(remotePath) as written on the host is \(remote), the source's is \(expected)"
        }
    }

    /// Get: the bytes written locally must have the remote file's digest before the
    /// local rename.
    func verifyGet(_ job: GetJob, session: SSHSession) -> Bool {
        guard let local = job.localDigest else {
            stage = .renaming
            return true
        }
        return compareDigests(&job.remoteDigest, remoteFile: remotePath, session: session) { remote in
            remote == local ? nil
                : "SHA-256 of \(remotePath) on the host is \(remote), the bytes received have \(local)"
        }
    }

    /// Starts `sha256sum` on the host once, waits for it, then renames or fails;
    /// `mismatch` gives the words for digests that differ (nil when they match).
    private func compareDigests(_ check: inout RemoteDigest?, remoteFile: String, session: SSHSession,
                                mismatch: (String) -> String?) -> Bool {
        guard let running = check else {
            check = RemoteDigest(path: remoteFile, on: session)
            return true
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
