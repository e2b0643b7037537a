#if canImport(Glibc)
import Glibc
#endif
import CLibCrypto
import Secrets

/// An Ed25519 private key held by libcrypto, read from an unencrypted OpenSSH-format
/// file, so that Chorus signs its logins itself (`SignedLogin`).
///
/// Why: for every login with such a key, libssh2 1.10 first offers the file to
/// libcrypto as PEM (`_libssh2_ed25519_new_private_frommemory` calls
/// `PEM_read_bio_PrivateKey`, which tries each decoder it has, about 0.7 ms here) and
/// only then reads OpenSSH's format: a fifth of chorus's CPU per login. Read here, the
/// key costs a base64 decode and `EVP_PKEY_new_raw_private_key`. An encrypted file, or
/// anything else, is left to libssh2.
final class Ed25519PrivateKey {
    /// `EVP_PKEY *`, owned.
    private let key: OpaquePointer
    /// `string "ssh-ed25519", string public key`: what the login sends as the key.
    let publicBlob: [UInt8]

    private init(key: OpaquePointer, publicBlob: [UInt8]) { (self.key, self.publicBlob) = (key, publicBlob) }

    deinit { EVP_PKEY_free(key) }

    /// The key in `file` (a key file's contents), or nil when it is not an unencrypted
    /// OpenSSH-format Ed25519 key whose halves agree. The private section read from the
    /// file is zeroed before returning.
    static func load(_ file: SecretBytes) -> Ed25519PrivateKey? {
        let text = file.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        guard text.contains(OpenSSHRSAFields.beginMarker),
              var section = OpenSSHRSAFields.unencryptedPrivateSection(text: text)
        else { return nil }
        defer { zero(&section) }
        return fromPrivateSection(section)
    }

    /// checkint ×2 (equal), "ssh-ed25519", public key (32), private key (64: the seed,
    /// then the public key again), comment, padding. Read only when the public key
    /// derived from the seed is the one the file states. The corresponding C function is
    /// `EVP_PKEY_new_raw_private_key`.
    private static func fromPrivateSection(_ section: [UInt8]) -> Ed25519PrivateKey? {
        var reader = SSHWireReader(section)
        guard let check = reader.uint32(), reader.uint32() == check, reader.text() == "ssh-ed25519",
              let publicKey = reader.string(), publicKey.count == 32,
              var secret = reader.string(), secret.count == 64
        else { return nil }
        defer { zero(&secret) }
        guard Array(secret[32...]) == publicKey,
              let key = secret.withUnsafeBufferPointer({ EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32) })
        else { return nil }
        guard derivedPublicKey(key) == publicKey else {  // a file whose seed is not its public key's
            EVP_PKEY_free(key)
            return nil
        }
        var writer = SSHWireWriter()
        writer.string("ssh-ed25519")
        writer.string(publicKey)
        return Ed25519PrivateKey(key: key, publicBlob: writer.bytes)
    }

    /// The corresponding C function is `EVP_PKEY_get_raw_public_key`.
    private static func derivedPublicKey(_ key: OpaquePointer) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: 32)
        var length = bytes.count
        guard EVP_PKEY_get_raw_public_key(key, &bytes, &length) == 1, length == 32 else { return nil }
        return bytes
    }

    /// The 64-byte Ed25519 signature of `data` (what goes inside an SSH signature blob
    /// after its algorithm name). The corresponding C functions are `EVP_DigestSignInit`
    /// (no digest: Ed25519 hashes itself) and `EVP_DigestSign`.
    func sign(_ data: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let context = EVP_MD_CTX_new() else { return nil }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1 else { return nil }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = signature.count
        let input = data.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard EVP_DigestSign(context, &signature, &length, input, data.count) == 1, length == 64 else { return nil }
        return signature
    }
}

/// Overwrites secret bytes before their array is let go (not elided as a dead store).
private func zero(_ bytes: inout [UInt8]) {
    bytes.withUnsafeMutableBytes { buffer in
        if let base = buffer.baseAddress { explicit_bzero(base, buffer.count) }
    }
}
