import CLibCrypto
import Digests

/// A hashed known_hosts name, `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, as
/// OpenSSH writes it with `HashKnownHosts yes` (hostfile.c's host_hash).
struct HostNameHash: Equatable {
    static let length = 20  // SHA-1's digest; the salt is as long (OpenSSH refuses others)

    let salt: [UInt8]
    let digest: [UInt8]
    /// The salt as an HMAC key, prepared once: a line is compared with every host
    /// looked up (see `chorus_hmac_sha1_prepare`).
    private let key: PreparedKey

    static func == (left: HostNameHash, right: HostNameHash) -> Bool {
        left.salt == right.salt && left.digest == right.digest
    }

    /// Parses the hosts field of a hashed line; nil when it is not exactly that form.
    init?(field: ArraySlice<UInt8>) {
        let parts = field.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, Array(parts[1]) == Array("1".utf8),
              let salt = Base64.decode(String(decoding: parts[2], as: UTF8.self)), salt.count == Self.length,
              let digest = Base64.decode(String(decoding: parts[3], as: UTF8.self)), digest.count == Self.length
        else { return nil }
        self.salt = salt
        self.digest = digest
        key = PreparedKey(salt)
    }

    /// A new hash of `name` under a fresh random salt; nil if the system has no randomness
    /// (or libcrypto fails).
    /// The corresponding C function is `RAND_bytes`.
    init?(hashing name: [UInt8]) {
        var salt = [UInt8](repeating: 0, count: Self.length)
        guard RAND_bytes(&salt, Int32(salt.count)) == 1 else { return nil }
        let key = PreparedKey(salt)
        let digest = key.digest(of: name)
        guard digest.count == Self.length else { return nil }
        (self.salt, self.digest, self.key) = (salt, digest, key)
    }

    /// Whether this is a hash of `name`.
    func names(_ name: [UInt8]) -> Bool { key.digest(of: name) == digest }

    var field: String { "|1|\(Base64.encode(salt))|\(Base64.encode(digest))" }

    /// HMAC-SHA1 under a key prepared once. The corresponding C functions are
    /// `chorus_hmac_sha1_prepare` and `chorus_hmac_sha1` (the shim's, on SHA-1's own
    /// functions).
    private final class PreparedKey {
        private var state = chorus_hmac_sha1_key()
        private let ready: Bool

        init(_ salt: [UInt8]) { ready = chorus_hmac_sha1_prepare(&state, salt, salt.count) == 1 }

        /// Empty if libcrypto failed: then nothing matches.
        func digest(of name: [UInt8]) -> [UInt8] {
            var out = [UInt8](repeating: 0, count: HostNameHash.length)
            guard ready, chorus_hmac_sha1(&state, name, name.count, &out) == 1 else { return [] }
            return out
        }
    }
}
