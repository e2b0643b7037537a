import SSHClient
import WorkerProtocol

extension GatewayRelay {
    /// Copies this binary to the gateway (SFTP, a temporary name renamed into place once
    /// the host's `sha256sum` agrees), checks that its libraries are there, and tries the
    /// launch again. Done at most once per relay.
    func copyBinary() {
        guard let session, let launch else { return }
        phase = .uploading
        copiedBinary = true
        let source: FileSource
        do { source = try FileSource(path: launch.localPath) } catch {
            return fail("cannot read this chorus binary to copy it there: \(error.message)")
        }
        session.put(source: source, remotePath: launch.remotePath, mode: 0o700, verifySHA256: launch.sha256) { [unowned self] event in
            guard case .finished(let outcome) = event else { return }
            switch outcome {
            case .completed: checkLibraries()
            case .cancelled: fail("copying chorus to ~/\(launch.remotePath) was cancelled")
            case .failed(let error): fail("cannot copy chorus to ~/\(launch.remotePath): \(error.message)")
            }
        }
    }

    /// A binary whose shared libraries the gateway lacks gets a sentence naming them,
    /// not the loader's error from the first launch.
    private func checkLibraries() {
        guard let session, let launch else { return }
        var listed: [UInt8] = []
        session.exec(launch.missingLibrariesCommand) { [unowned self] event in
            switch event {
            case .stdout(let bytes): listed += bytes
            case .stderr: break
            case .finished:
                let missing = listed.split(separator: 10).map { String(decoding: $0, as: UTF8.self) }
                if missing.isEmpty { return runLaunchCommand() }
                fail("chorus cannot run there: the gateway lacks \(missing.joined(separator: ", "))"
                    + " (install them, e.g. Debian's libssh2-1 and libedit2)")
            }
        }
    }
}
