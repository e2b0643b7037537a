#if canImport(Glibc)
import Glibc
#endif
import Digests
import SSHClient
import WorkerProtocol

/// Hosts behind a gateway are checked against this machine's known_hosts, the file the
/// operator keeps, not one the gateway happens to have: before an `openHost` goes on,
/// the file it names (the host's, and its bastions') is copied to the gateway as
/// `~/.cache/chorus/known_hosts-HASH` (named by its contents, so an unchanged file is
/// copied once per relay and shared by runs) and the frame names that copy. The copy
/// serves only while the file here is unchanged (`LocalFileKey`): in the shell, whose
/// relay lives on, a key removed or revoked here since is not still trusted there. A
/// file that cannot be read whole refuses the gateway's hosts rather than send part of
/// it (a lost `@revoked` line would let a revoked key in). A key the far worker learns
/// under accept-new is recorded in the copy, and brought back here when the relay ends
/// (`bringBackLearnedKeys`).
extension GatewayRelay {
    /// The frame with its known_hosts paths replaced by their copies on the gateway;
    /// nil while a copy is still to be made (one is started).
    func mirrored(_ spec: HostSpec) -> Frame? {
        var spec = spec
        let paths = [spec.knownHostsPath] + spec.jumps.map(\.knownHostsPath)
        let keys = Dictionary(paths.map { ($0, LocalFileKey.of($0)) }) { first, _ in first }
        if let missing = paths.first(where: { mirrors[keys[$0] ?? ""] == nil }) {
            mirror(missing, key: keys[missing] ?? "")
            return nil
        }
        noteLearnable(spec.hostname, spec.port, spec.knownHostsPath, spec.hostKeyPolicy)
        spec.knownHostsPath = mirrors[keys[spec.knownHostsPath] ?? ""] ?? spec.knownHostsPath
        for index in spec.jumps.indices {
            let jump = spec.jumps[index]
            noteLearnable(jump.hostname, jump.port, jump.knownHostsPath, jump.hostKeyPolicy)
            spec.jumps[index].knownHostsPath = mirrors[keys[jump.knownHostsPath] ?? ""] ?? jump.knownHostsPath
        }
        return .openHost(spec)
    }

    /// Copies one local known_hosts file (empty when it does not exist yet).
    private func mirror(_ path: String, key: String) {
        guard let session else { return }
        let bytes: [UInt8]
        do { bytes = try Self.knownHostsBytes(path) } catch {
            return lost(reason: "cannot read \(path) to check its hosts' keys there: \(error.message)")
        }
        let remote = "\(GatewayLaunch.folder)/known_hosts-\(SHA256.hex(SHA256.hash(bytes)).prefix(16))"
        mirroring = path
        session.put(source: BytesSource(bytes, name: path), remotePath: remote, mode: 0o600) { [unowned self] event in
            guard case .finished(let outcome) = event else { return }
            mirroring = nil
            guard case .completed = outcome else {
                return lost(reason: "cannot copy \(path) there: \(Self.describe(outcome))")
            }
            mirrors[key] = remote
            copiedLengths[remote] = bytes.count
            forwardHeld()
        }
    }

    /// The whole file, or an error: never a part of it.
    private static func knownHostsBytes(_ path: String) throws(SFTPError) -> [UInt8] {
        if access(path, F_OK) != 0, errno == ENOENT { return [] }  // none yet: accept-new starts one
        let file = try FileSource(path: path)
        guard file.size <= maxKnownHostsBytes else {
            throw SFTPError(.localUnreadable, "\(path) is over \(maxKnownHostsBytes >> 20) MiB", path: path)
        }
        guard let bytes = file.chunk(at: 0, maxLength: Int(file.size)), bytes.count == Int(file.size) else {
            throw SFTPError(.localUnreadable, "cannot read \(path) whole", path: path)
        }
        return bytes
    }

    static let maxKnownHostsBytes: UInt64 = 64 << 20

    private static func describe(_ outcome: TransferOutcome) -> String {
        switch outcome {
        case .completed: "done"
        case .cancelled: "cancelled"
        case .failed(let error): error.message
        }
    }
}
