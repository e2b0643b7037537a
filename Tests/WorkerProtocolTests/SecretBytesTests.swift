import Foundation
import Secrets
import Testing

/// The type that holds a key's contents: never printed, compared by value, read from a
/// file with a clear reason when it cannot be.
@Suite struct SecretBytesTests {
    static let text = "-----BEGIN OPENSSH PRIVATE KEY-----\nSECRET-BODY\n"

    @Test func neverPrints() {
        let secret = SecretBytes(Array(Self.text.utf8))
        var dumped = ""
        dump(secret, to: &dumped)
        for shown in ["\(secret)", String(reflecting: secret), dumped, "\([secret])"] {
            #expect(!shown.contains("SECRET-BODY") && !shown.contains("BEGIN"), "\(shown)")
        }
        #expect("\(secret)" == "<redacted>")
    }

    @Test func comparesByContentsAndEndsInANul() {
        let a = SecretBytes([1, 2, 3]), b = SecretBytes([1, 2, 3]), c = SecretBytes([1, 2])
        #expect(a == b && a != c && SecretBytes([]) == SecretBytes([]))
        a.withUnsafeBytes { bytes in
            #expect(Array(bytes) == [1, 2, 3])
            #expect(bytes.baseAddress?.load(fromByteOffset: 3, as: UInt8.self) == 0, "a NUL after the last byte, for C")
        }
    }

    @Test func readsAFileWholeOrSaysWhyNot() throws {
        let path = NSTemporaryDirectory() + "chorus-secret-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = Array(Self.text.utf8) + [0xff, 0x00, 0x0a]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try SecretBytes(contentsOfFile: path) == SecretBytes(bytes))
        #expect(throws: SecretFileError(reason: "larger than 10 bytes, not a key")) {
            try SecretBytes(contentsOfFile: path, maxBytes: 10)
        }
        #expect(throws: SecretFileError(reason: "No such file or directory")) {
            try SecretBytes(contentsOfFile: path + ".missing")
        }
    }
}
