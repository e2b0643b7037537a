import Broadcasting
import Foundation
import LabSupport
import Testing

/// Whether a key needs a passphrase, read from keys `ssh-keygen` makes: OpenSSH and PEM
/// formats, with and without a passphrase.
@Suite struct KeyFileEncryptionTests {
    static func key(_ type: String, pem: Bool, passphrase: String) throws -> String {
        let folder = NSTemporaryDirectory() + "chorus-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/key"
        let keygen = try LabScript.runProgram("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-f", path] + (pem ? ["-m", "PEM"] : []))
        #expect(keygen.status == 0, "\(keygen.stderr)")
        return path
    }

    @Test(arguments: [("ed25519", false), ("ecdsa", false), ("ecdsa", true), ("rsa", true)])
    func encryptedKeysAreToldFromPlainOnes(type: String, pem: Bool) throws {
        let plain = try Self.key(type, pem: pem, passphrase: "")
        let locked = try Self.key(type, pem: pem, passphrase: "secret phrase")
        #expect(KeyFileEncryption.isEncrypted(plain) == false)
        #expect(KeyFileEncryption.isEncrypted(locked) == true)
        for path in [plain, locked] { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    }

    @Test func whatIsNoKeyIsUnknown() {
        #expect(KeyFileEncryption.isEncrypted("/etc/hostname") == nil)
        #expect(KeyFileEncryption.isEncrypted("/nonexistent/key") == nil)
    }
}
