#if canImport(Glibc)
import Glibc
#endif
import Digests
import Posix

/// Whether a private key file needs a passphrase, read from the file itself: an OpenSSH
/// key names its cipher (`none` when plain) right after its magic; a PEM key says
/// `ENCRYPTED` in its header. Nil when the file cannot be read or is neither.
package enum KeyFileEncryption {
    package static func isEncrypted(_ path: String) -> Bool? {
        guard let text = textPrefix(ofFileAt: path, count: 64 << 10) else { return nil }
        if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") { return openSSHCipher(text).map { $0 != "none" } }
        if text.contains("-----BEGIN") && text.contains("PRIVATE KEY-----") { return text.contains("ENCRYPTED") }
        return nil
    }

    /// The cipher name of an OpenSSH key: `openssh-key-v1\0`, then a length-prefixed string.
    private static func openSSHCipher(_ text: String) -> String? {
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let bytes = Base64.decode(body) else { return nil }
        let magic = Array("openssh-key-v1\u{0}".utf8)
        guard bytes.count > magic.count + 4, Array(bytes[..<magic.count]) == magic else { return nil }
        let start = magic.count
        let length = bytes[start..<(start + 4)].reduce(0) { $0 << 8 | Int($1) }
        guard length < 64, bytes.count >= start + 4 + length else { return nil }
        return String(decoding: bytes[(start + 4)..<(start + 4 + length)], as: UTF8.self)
    }
}
