#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2

/// One OpenSSH known_hosts file: lookups through libssh2 (which understands hashed
/// entries and `[host]:port`), new entries appended by us — libssh2's writefile would
/// rewrite the user's file, dropping comments and splitting host lists.
///
/// Not thread-safe: one per event loop. The file is read again when it changes.
final class KnownHosts {
    enum Verdict: Equatable {
        case match
        case unknown
        /// The file holds a different key of the same type; its fingerprint.
        case changed(expected: String)
    }

    let path: String
    /// libssh2 ties a knownhost collection to a session for allocation and errors; this
    /// one never connects and lives as long as the collection.
    private let anchor: OpaquePointer
    private var collection: OpaquePointer?
    private var loadedStamp: (mtime: timespec, size: Int)?

    init?(path: String) {
        guard let anchor = libssh2_session_init_ex(nil, nil, nil, nil) else { return nil }
        self.path = path
        self.anchor = anchor
    }

    deinit {
        if let collection { libssh2_knownhost_free(collection) }
        libssh2_session_free(anchor)
    }

    /// Key types the file holds for this host, so the key exchange can prefer them
    /// (OpenSSH does the same; otherwise a host known by ed25519 is "unknown" when
    /// ECDSA gets negotiated). Probed with a dummy key: MISMATCH means "has one".
    func knownAlgorithms(host: String, port: Int) -> [HostKeyAlgorithm] {
        guard let collection = loaded() else { return [] }
        let dummy = [CChar](repeating: 0x41, count: 32)
        return HostKeyAlgorithm.allCases.filter { algorithm in
            let mask = LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | algorithm.knownHostBits
            return libssh2_knownhost_checkp(collection, host, Int32(port), dummy, dummy.count, mask, nil)
                == LIBSSH2_KNOWNHOST_CHECK_MISMATCH
        }
    }

    /// The corresponding C function is `libssh2_knownhost_checkp`.
    func verdict(for key: HostKey, host: String, port: Int) -> Verdict {
        guard let collection = loaded(), let algorithm = HostKeyAlgorithm(rawValue: key.typeName) else { return .unknown }
        let mask = LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | algorithm.knownHostBits
        var entry: UnsafeMutablePointer<libssh2_knownhost>?
        let rc = key.blob.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                libssh2_knownhost_checkp(collection, host, Int32(port), $0.baseAddress, key.blob.count, mask, &entry)
            }
        }
        switch rc {
        case LIBSSH2_KNOWNHOST_CHECK_MATCH: return .match
        case LIBSSH2_KNOWNHOST_CHECK_MISMATCH: return .changed(expected: Self.fingerprint(of: entry))
        default: return .unknown
        }
    }

    /// Appends `name type key` (creating the file 0600, and its folder 0700, if needed)
    /// in one write, so concurrent appenders do not interleave within a line.
    func append(_ key: HostKey, name: String) throws(SSHError) {
        let line = "\(name) \(key.typeName) \(Base64.encode(key.blob))\n"
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty { mkdir(folder, 0o700) }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SSHError(.remote, "cannot record host key in \(path): \(errnoText())") }
        defer { close(fd) }
        let written = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        guard written == line.utf8.count else { throw SSHError(.remote, "cannot record host key in \(path): \(errnoText())") }
        loadedStamp = nil
    }

    /// The collection, (re)read when the file's size or mtime changed. A missing file
    /// is an empty collection.
    private func loaded() -> OpaquePointer? {
        var info = stat()
        let exists = stat(path, &info) == 0
        let stamp = exists ? (info.st_mtim, Int(info.st_size)) : (timespec(), -1)
        if let collection, let loadedStamp, loadedStamp.mtime.tv_sec == stamp.0.tv_sec,
           loadedStamp.mtime.tv_nsec == stamp.0.tv_nsec, loadedStamp.size == stamp.1 {
            return collection
        }
        if let collection { libssh2_knownhost_free(collection) }
        collection = libssh2_knownhost_init(anchor)
        if exists, let collection { libssh2_knownhost_readfile(collection, path, LIBSSH2_KNOWNHOST_FILE_OPENSSH) }
        loadedStamp = (stamp.0, stamp.1)
        return collection
    }

    private static func fingerprint(of entry: UnsafeMutablePointer<libssh2_knownhost>?) -> String {
        guard let key = entry?.pointee.key, let blob = Base64.decode(String(cString: key)) else { return "unknown" }
        return HostKey.fingerprint(of: blob)
    }
}
