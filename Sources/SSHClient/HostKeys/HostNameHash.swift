import CLibCrypto
import Digests

/// A hashed known_hosts name, `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, as
/// OpenSSH writes it with `HashKnownHosts yes` (hostfile.c's host_hash).
struct HostNameHash: Equatable {
    static let length = 20  // SHA-1's digest; the salt is as long (OpenSSH refuses others)

    let salt: [UInt8]
    let digest: [UInt8]

    /// Parses the hosts field of a hashed line; nil when it is not exactly that form.
    init?(field: ArraySlice<UInt8>) {
        let parts = field.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, Array(parts[1]) == Array("1".utf8),
              let salt = Base64.decode(String(decoding: parts[2], as: UTF8.self)), salt.count == Self.length,
              let digest = Base64.decode(String(decoding: parts[3], as: UTF8.self)), digest.count == Self.length
        else { return nil }
        self.salt = salt
        self.digest = digest
    }

    /// A new hash of `name` under a fresh random salt; nil if the system has no randomness.
    /// The corresponding C function is `RAND_bytes`.
    init?(hashing name: [UInt8]) {
        var salt = [UInt8](repeating: 0, count: Self.length)
        guard RAND_bytes(&salt, Int32(salt.count)) == 1 else { return nil }
        self.salt = salt
        digest = Self.digest(of: name, salt: salt)
    }

    var field: String { "|1|\(Base64.encode(salt))|\(Base64.encode(digest))" }

    /// The corresponding C function is `HMAC` (with `EVP_sha1`).
    static func digest(of name: [UInt8], salt: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard HMAC(EVP_sha1(), salt, Int32(salt.count), name, name.count, &out, &length) != nil else { return [] }
        return Array(out.prefix(Int(length)))
    }
}
