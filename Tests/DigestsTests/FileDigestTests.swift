import Digests
import Foundation
import LabSupport
import Testing

/// A local file's digest, as `put --checksum` computes it once in the shell.
@Suite struct FileDigestTests {
    @Test(arguments: [0, 1, 55, 56, 63, 64, 65, 1_048_575, 1_048_576, 1_048_583, 3_000_001])
    func aLocalFileDigestIsWhatSha256sumSays(size: Int) throws {
        let path = NSTemporaryDirectory() + "chorus-digest-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var random = SeededRandom(seed: UInt64(size))
        let bytes = (0..<size).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        let sum = try LabScript.runProgram("/usr/bin/sha256sum", [path])
        #expect(try sha256Hex(ofFileAt: path) == String(sum.stdout.prefix(64)))
        #expect(try sha256Hex(ofFileAt: path) == SHA256.hex(SHA256.hash(bytes)))
    }

    /// The message is the one a put prints for a source it cannot read.
    @Test func aMissingFileIsAReadErrorWithStrerrorsWords() {
        #expect(throws: FileReadError(ENOENT, path: "/nonexistent/chorus-file")) {
            try sha256Hex(ofFileAt: "/nonexistent/chorus-file")
        }
        #expect(FileReadError(ENOENT, path: "/x").message == "cannot read /x: No such file or directory")
    }

    /// A folder opens but cannot be read.
    @Test func aFolderIsAReadError() {
        #expect(throws: FileReadError(EISDIR, path: "/")) { try sha256Hex(ofFileAt: "/") }
    }
}
