#if canImport(Glibc)
import Glibc
#endif
import SSHClient
import WorkerProtocol

/// Under accept-new the far worker records a new host's key in the gateway's copy of
/// this machine's known_hosts. When the relay ends, what was appended to each copy is
/// read back and checked line by line here (`LearnedHostKeys`), so the operator's file
/// learns the key as it would from a direct login, and the next run checks the host
/// against it instead of meeting it as new again.
extension GatewayRelay {
    /// Remembers a host (or bastion) the far worker may learn a key for.
    func noteLearnable(_ hostname: String, _ port: UInt16, _ knownHostsPath: String, _ policy: HostKeyPolicy) {
        guard policy == .acceptNew else { return }
        learnable[knownHostsPath, default: []].insert(LearnedHostKeys.Candidate(
            hostname: hostname, port: Int(port), knownHostsPath: HomeRelativePath.expanded(knownHostsPath)))
    }

    /// Reads what each copy gained past its length as sent (at most `maxLearnedBytes`)
    /// and adopts what may be adopted. What is refused is said on standard error (the
    /// shell no longer reads frames by now), in printable ASCII only: the reason may
    /// quote the gateway's bytes.
    func bringBackLearnedKeys() {
        guard let session, !session.isFinished, !learnable.isEmpty else { return }
        var candidatesByCopy: [String: Set<LearnedHostKeys.Candidate>] = [:]  // a copy may stand for several file states
        for (key, remote) in mirrors { candidatesByCopy[remote, default: []].formUnion(learnable[LocalFileKey.path(of: key)] ?? []) }
        for (remote, candidates) in candidatesByCopy where !candidates.isEmpty {
            guard let length = copiedLengths[remote],
                  let appended = readTail(of: remote, after: length, session: session), !appended.isEmpty else { continue }
            for case .refused(let reason) in LearnedHostKeys.adopt(appended, candidates: Array(candidates)) {
                let line = "chorus: gateway \(gatewayName): a key learned there was not recorded here: \(reason)"
                let bytes = line.utf8.map { (0x20..<0x7f).contains($0) ? $0 : UInt8(ascii: "?") } + [10]
                _ = write(STDERR_FILENO, bytes, bytes.count)
            }
        }
    }

    /// The bytes of `remote` (relative to the gateway user's home) from `offset` on.
    private func readTail(of remote: String, after offset: Int, session: SSHSession) -> [UInt8]? {
        var bytes: [UInt8] = [], done = false, ok = false
        session.exec("tail -c +\(offset + 1) -- \"$HOME/\(remote)\"") { event in
            switch event {
            case .stdout(let chunk): if bytes.count < Self.maxLearnedBytes { bytes += chunk }
            case .stderr: break
            case .finished(let outcome): (done, ok) = (true, outcome == .exited(0))
            }
        }
        _ = loop.run(limit: 5) { done }
        return ok && bytes.count <= Self.maxLearnedBytes ? bytes : nil
    }

    static let maxLearnedBytes = 1 << 20
}
