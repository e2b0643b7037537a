import Digests
import Posix
import Secrets

/// A private key in memory for a publickey login. A key file is read into one first
/// (`load(path:)`); a key sent in the frames (`keyData`) already is one. From here on
/// both go the same way: the rsa-sha2 login for RSA keys, libssh2's login from memory
/// (`libssh2_userauth_publickey_frommemory`) otherwise. No copy of the key is written
/// anywhere.
struct KeyMaterial {
    /// What messages call the key: its file's path (the shell's path, for `keyData`).
    let name: String
    let privateKey: SecretBytes
    /// The public key as a `.pub` file says it (`type base64`): from the `.pub` beside a
    /// key file, else from the clear public part of an OpenSSH-format key. With it,
    /// libssh2 decrypts a passphrase-protected key once, to sign, rather than also to
    /// learn the public key (~140 ms each with OpenSSH's bcrypt KDF). Nil for PEM keys
    /// without a `.pub`: libssh2 derives it.
    let publicLine: [UInt8]?

    init(name: String, privateKey: SecretBytes, publicLine: [UInt8]? = nil) {
        self.name = name
        self.privateKey = privateKey
        self.publicLine = publicLine ?? Self.openSSHPublicLine(privateKey)
    }

    /// Reads a key file (and its `.pub`, when there is one). The error is the one-line
    /// reason for the login's failures: `cannot read key PATH: …`.
    static func load(path: String) -> Result<KeyMaterial, KeyFileUnreadable> {
        do {
            let bytes = try SecretBytes(contentsOfFile: path)
            let publicKey = textPrefix(ofFileAt: path + ".pub", count: SecretBytes.maxKeyFileBytes).map { Array($0.utf8) }
            return .success(KeyMaterial(name: path, privateKey: bytes, publicLine: publicKey))
        } catch {
            return .failure(KeyFileUnreadable(reason: "cannot read key \(path): \(error.reason)"))
        }
    }

    /// The key's type as its public part says (`ssh-rsa`, `ssh-ed25519`…), when known
    /// without decrypting anything.
    var publicKeyType: String? {
        publicLine.map { String(decoding: $0.prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self) }
    }

    /// Whether the first bytes are a PEM header of an RSA key (PKCS#1).
    var isPEMRSA: Bool {
        privateKey.withUnsafeBytes { String(decoding: $0.prefix(40), as: UTF8.self) }.contains("RSA PRIVATE KEY")
    }

    /// `type base64` from the clear public part of an OpenSSH-format key, encrypted or
    /// not; nil for other formats.
    private static func openSSHPublicLine(_ key: SecretBytes) -> [UInt8]? {
        let text = key.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        guard text.contains(OpenSSHRSAFields.beginMarker), let blob = OpenSSHRSAFields.publicKeyBlob(text: text) else {
            return nil
        }
        var reader = SSHWireReader(blob)
        guard let type = reader.text(), !type.isEmpty else { return nil }
        return Array("\(type) \(Base64.encode(blob))".utf8)
    }
}

/// Why a key file could not be read, in words for the login's failure line.
struct KeyFileUnreadable: Error {
    let reason: String
}
