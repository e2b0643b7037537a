import Digests

/// The fields of an unencrypted RSA key in OpenSSH's own file format
/// (`-----BEGIN OPENSSH PRIVATE KEY-----`, PROTOCOL.key in OpenSSH): big-endian
/// magnitudes, as `mpint`s hold them. Encrypted files (bcrypt KDF) are not read here.
struct OpenSSHRSAFields {
    var n: [UInt8], e: [UInt8], d: [UInt8], iqmp: [UInt8], p: [UInt8], q: [UInt8]

    static let beginMarker = "-----BEGIN OPENSSH PRIVATE KEY-----"
    private static let endMarker = "-----END OPENSSH PRIVATE KEY-----"
    private static let magic = Array("openssh-key-v1\0".utf8)

    /// Nil when the text is not an unencrypted single RSA key in this format.
    init?(text: String) {
        guard let secret = Self.unencryptedPrivateSection(text: text) else { return nil }
        self.init(privateSection: secret)
    }

    /// The private section of an unencrypted file holding one key (cipher and KDF
    /// `none`): checkint ×2, key type, the type's fields, comment, padding. Nil for an
    /// encrypted file, several keys, or another format.
    static func unencryptedPrivateSection(text: String) -> [UInt8]? {
        guard let bytes = payload(text) else { return nil }
        var reader = SSHWireReader(bytes)
        guard reader.skip(prefix: magic), reader.text() == "none", reader.text() == "none",
              reader.string() != nil, reader.uint32() == 1, reader.string() != nil
        else { return nil }
        return reader.string()
    }

    /// The type of the (first) key in an OpenSSH-format file, encrypted or not: the
    /// public key stands in clear before the private section. Nil for other files.
    static func keyType(text: String) -> String? {
        guard let publicKey = publicKeyBlob(text: text) else { return nil }
        var key = SSHWireReader(publicKey)
        return key.text()
    }

    /// The (first) key's public blob (string type, then the type's fields), which an
    /// OpenSSH-format file keeps in clear even when the private part is encrypted.
    static func publicKeyBlob(text: String) -> [UInt8]? {
        guard let bytes = payload(text) else { return nil }
        var reader = SSHWireReader(bytes)
        guard reader.skip(prefix: magic), reader.string() != nil, reader.string() != nil, reader.string() != nil,
              reader.uint32() != nil, let publicKey = reader.string()
        else { return nil }
        return publicKey
    }

    /// checkint ×2 (equal), key type, n, e, d, iqmp, p, q, comment, padding.
    private init?(privateSection: [UInt8]) {
        var reader = SSHWireReader(privateSection)
        guard let check = reader.uint32(), reader.uint32() == check, reader.text() == "ssh-rsa",
              let n = reader.string(), let e = reader.string(), let d = reader.string(),
              let iqmp = reader.string(), let p = reader.string(), let q = reader.string()
        else { return nil }
        (self.n, self.e, self.d, self.iqmp, self.p, self.q) = (n, e, d, iqmp, p, q)
    }

    /// The base64 between the marker lines, decoded. Read on bytes: lines end at LF or
    /// CR, and spaces, tabs and the like inside the body are dropped; anything else that
    /// is not base64 makes the file unreadable here.
    private static func payload(_ text: String) -> [UInt8]? {
        let lines = text.utf8.split { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard let begin = lines.firstIndex(where: { $0.elementsEqual(beginMarker.utf8) }),
              let end = lines.firstIndex(where: { $0.elementsEqual(endMarker.utf8) }), begin < end
        else { return nil }
        let blanks: Set<UInt8> = [UInt8(ascii: " "), UInt8(ascii: "\t"), 0x0B, 0x0C]
        let body = lines[(begin + 1)..<end].flatMap { $0.filter { !blanks.contains($0) } }
        return Base64.decode(String(decoding: body, as: UTF8.self))
    }
}
