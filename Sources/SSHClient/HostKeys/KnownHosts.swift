#if canImport(Glibc)
import Glibc
#endif
import Digests

/// One OpenSSH known_hosts file, read and matched as OpenSSH's hostfile.c does: a line
/// that does not parse skips only that line; names are compared lowercased; patterns
/// (`*`, `?`, `!negated`, comma lists), hashed names, `@revoked` and `@cert-authority`
/// are understood; `[host]:port` names a port other than 22 and nothing else does.
/// New entries are appended by us — libssh2's writefile would rewrite the user's file,
/// dropping comments and splitting host lists.
///
/// Not thread-safe: one per event loop. The file is read again when it changes.
final class KnownHosts {
    enum Verdict: Equatable {
        case match
        case unknown
        /// The file holds a different key of the same type; its fingerprint and line.
        case changed(expected: String, line: Int)
        /// The presented key is listed `@revoked` on that line.
        case revoked(line: Int)
        /// The only lines naming the host are `@cert-authority` ones (first on that line).
        case certificateAuthorityOnly(line: Int)
        /// The file exists but cannot be read: nothing can be said about any host.
        case unreadable(reason: String)
    }

    let path: String
    private var contents: KnownHostsContents?
    /// The lines naming each host looked up in this reading: a login asks twice (the key
    /// types to prefer, then the verdict), and with hashed names each ask costs one HMAC
    /// per hashed line.
    private var lookedUp: [[UInt8]: [KnownHostsEntry]] = [:]

    init(path: String) {
        self.path = path
    }

    /// `host` for port 22, `[host]:port` otherwise, lowercased: the one name OpenSSH
    /// looks up (and writes) for a host.
    static func lookupName(host: String, port: Int) -> [UInt8] {
        let name = port == 22 ? host : "[\(host)]:\(port)"
        return name.utf8.map(HostPattern.lowercased)
    }

    /// Key types the file holds for this host, so the key exchange can prefer them
    /// (OpenSSH does the same; otherwise a host known by ed25519 is "unknown" when
    /// ECDSA gets negotiated).
    func knownAlgorithms(host: String, port: Int) -> [HostKeyAlgorithm] {
        guard case .entries(let index) = loaded() else { return [] }
        let name = Self.lookupName(host: host, port: port)
        let types = Set(entries(naming: name, in: index).filter { $0.marker == .none }.map(\.keyType))
        return HostKeyAlgorithm.allCases.filter { types.contains($0.rawValue) }
    }

    /// What the file says about `key` for this host, strictest first: revoked, then a
    /// matching key, then a different key of the same type, then CA-only, then unknown.
    func verdict(for key: HostKey, host: String, port: Int) -> Verdict {
        let index: KnownHostsIndex
        switch loaded() {
        case .unreadable(let reason): return .unreadable(reason: reason)
        case .entries(let read): index = read
        }
        let naming = entries(naming: Self.lookupName(host: host, port: port), in: index)
        let holds = { (entry: KnownHostsEntry) in entry.keyType == key.typeName && entry.keyBlob == key.blob }
        if let revoked = naming.first(where: { $0.marker == .revoked && holds($0) }) { return .revoked(line: revoked.line) }
        let plain = naming.filter { $0.marker == .none }
        if plain.contains(where: holds) { return .match }
        if let other = plain.first(where: { $0.keyType == key.typeName }) {
            return .changed(expected: HostKey.fingerprint(of: other.keyBlob), line: other.line)
        }
        if plain.isEmpty, let authority = naming.first(where: { $0.marker == .certificateAuthority }) {
            return .certificateAuthorityOnly(line: authority.line)
        }
        return .unknown
    }

    /// Appends the host's entry (hashed when `hashed`), then forgets the cached reading.
    func append(_ key: HostKey, host: String, port: Int, hashed: Bool) throws(SSHError) {
        let name = Self.lookupName(host: host, port: port)
        var field = String(decoding: name, as: UTF8.self)
        if hashed {
            guard let hash = HostNameHash(hashing: name) else {
                throw SSHError(.knownHosts, "cannot record host key in \(path): no random salt for a hashed name")
            }
            field = hash.field
        }
        try KnownHostsAppender(path: path).append(line: "\(field) \(key.typeName) \(Base64.encode(key.blob))")
        contents = nil
    }

    /// The entries, read again when the file's identity, size or mtime changed. A missing
    /// file has none; any other failure to read is kept as such, never as "empty".
    private func loaded() -> KnownHostsContents.Reading {
        let stamp = KnownHostsContents.Stamp(path: path)
        if let contents, contents.stamp == stamp { return contents.reading }
        let fresh = KnownHostsContents(path: path, stamp: stamp)
        contents = fresh
        lookedUp.removeAll()
        return fresh.reading
    }

    /// The lines of this reading that name `name`, found once per reading and name.
    private func entries(naming name: [UInt8], in index: KnownHostsIndex) -> [KnownHostsEntry] {
        if let found = lookedUp[name] { return found }
        let found = index.naming(name)
        lookedUp[name] = found
        return found
    }
}
