import Foundation
import Rendering
import Testing

/// Our hunks agree with GNU diff -u on the same texts.
@Suite struct UnifiedDiffTests {
    @Test(arguments: [
        ("a\nb\nc\n", "a\nb\nc\n"),
        ("a\nb\nc\n", "a\nX\nc\n"),
        ("", "one\ntwo\n"),
        ("one\ntwo\n", ""),
        ("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "1\n2\n3\nfour\n5\n6\n7\n8\n9\n10\n11\ntwelve\n"),
        ("x\ny\n", "y\nx\n"),
        ("same\n", "same\nextra\n"),
    ])
    func matchesGNUDiff(old: String, new: String) throws {
        #expect(UnifiedDiff.hunks(from: old, to: new) == (try gnuHunks(old, new)))
    }

    private func gnuHunks(_ old: String, _ new: String) throws -> String {
        let folder = NSTemporaryDirectory() + "chorus-diff-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try old.write(toFile: folder + "/a", atomically: true, encoding: .utf8)
        try new.write(toFile: folder + "/b", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
        process.arguments = ["-u", folder + "/a", folder + "/b"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // Drop GNU's two header lines (file names and times).
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst(2).joined(separator: "\n")
    }
}
