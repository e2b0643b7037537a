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
