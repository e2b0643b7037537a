import Digests
import Foundation
import LabSupport
import Secrets
@testable import SSHClient
import Testing

/// Ed25519 keys in OpenSSH's format are signed by Chorus, not decoded by libssh2 for
/// every login (which first offers them to libcrypto as PEM, ~0.7 ms each); an encrypted
/// key and other types still go to libssh2, and every one of them logs in.
@Suite struct OwnSignatureTests {
    @Test(arguments: [("ed25519", "", true), ("ed25519", "a secret", false), ("ecdsa", "", false)])
    func keysChorusCanReadAreSignedHereAndAllLogIn(type: String, passphrase: String, signedHere: Bool) async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: type, passphrase: passphrase)
        defer { key.remove() }
        let method = SSHTarget.AuthMethod.keyFile(path: key.path, passphrase: passphrase.isEmpty ? nil : Secret(passphrase))
        let login = try #require(KeyFileLogin(method))
        #expect((login.ed25519 != nil) == signedHere)
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        let phase = try await onOwnThread { try connectOnly(lab.target(host, auth: [method])) }
        #expect(phase == .ready, "\(phase)")
    }

    @Test func theBlobSentIsThePublicKeyOfTheFile() throws {
        let key = try TemporaryKey(type: "ed25519")
        defer { key.remove() }
        let loaded = try #require(Ed25519PrivateKey.load(try SecretBytes(contentsOfFile: key.path)))
        let publicLine = try String(contentsOfFile: key.path + ".pub", encoding: .utf8).split(separator: " ")
        #expect(publicLine.first == "ssh-ed25519")
        #expect(Base64.decode(String(publicLine[1])) == loaded.publicBlob)
        let signature = try #require(Array("session id and request".utf8).withUnsafeBytes { loaded.sign($0) })
        #expect(signature.count == 64)
    }

    @Test func aRefusedKeyIsNotTriedAgainThroughLibssh2() async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "ed25519")  // never authorized
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        let target = lab.target(host, auth: [.keyFile(path: key.path, passphrase: nil)])
        let phase = try await onOwnThread { try connectOnly(target) }
        #expect(phase.errorKind == .authFailed)
        #expect(phase.errorMessage.components(separatedBy: "key \(key.path): not accepted").count == 2, "once: \(phase)")
    }
}

/// Key files are input: one that is not exactly an unencrypted Ed25519 key whose parts
/// agree is not read here (libssh2 then reads it, or says it cannot).
@Suite struct HostileEd25519KeyFileTests {
    /// An OpenSSH-format file around `section` (the private part), stating `publicKey`.
    static func file(publicKey: [UInt8], section: [UInt8], cipher: String = "none") -> SecretBytes {
        var blob = SSHWireWriter()
        blob.string("ssh-ed25519")
        blob.string(publicKey)
        var body = SSHWireWriter()
        for byte in Array("openssh-key-v1\0".utf8) { body.byte(byte) }
        body.string(cipher)
        body.string(cipher == "none" ? "none" : "bcrypt")
        body.string([UInt8]())
        body.uint32(1)
        body.string(blob.bytes)
        body.string(section)
        let text = "-----BEGIN OPENSSH PRIVATE KEY-----\n\(Base64.encode(body.bytes))\n-----END OPENSSH PRIVATE KEY-----\n"
        return SecretBytes(Array(text.utf8))
    }

    static func section(publicKey: [UInt8], secret: [UInt8]) -> [UInt8] {
        var writer = SSHWireWriter()
        writer.uint32(7)
        writer.uint32(7)
        writer.string("ssh-ed25519")
        writer.string(publicKey)
        writer.string(secret)
        writer.string("comment")
        return writer.bytes
    }

    @Test func aFileThatIsNotExactlyAnAgreeingEd25519KeyIsNotReadHere() throws {
        let real = try TemporaryKey(type: "ed25519")
        defer { real.remove() }
        let key = try #require(Ed25519PrivateKey.load(try SecretBytes(contentsOfFile: real.path)))
        let publicKey = Array(key.publicBlob.suffix(32))
        let seed = [UInt8](repeating: 9, count: 32)  // not the seed of that public key
        let cases: [(String, SecretBytes)] = [
            ("a seed that is not the public key's", Self.file(publicKey: publicKey, section: Self.section(publicKey: publicKey, secret: seed + publicKey))),
            ("halves that disagree", Self.file(publicKey: publicKey, section: Self.section(publicKey: publicKey, secret: seed + seed))),
            ("a short private key", Self.file(publicKey: publicKey, section: Self.section(publicKey: publicKey, secret: seed))),
            ("an encrypted file", Self.file(publicKey: publicKey, section: [1, 2, 3], cipher: "aes256-ctr")),
            ("not base64", SecretBytes(Array("-----BEGIN OPENSSH PRIVATE KEY-----\n@@@\n-----END OPENSSH PRIVATE KEY-----\n".utf8))),
        ]
        for (what, file) in cases {
            #expect(Ed25519PrivateKey.load(file) == nil, "\(what)")
        }
    }
}
