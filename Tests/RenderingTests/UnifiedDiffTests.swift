import Foundation
@testable import Rendering
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

    /// Long texts are compared whole (there used to be a 2,000-line cap): a few
    /// changes across 20,000 lines give exactly their hunks, numbered as diff -u does.
    @Test func twentyThousandLinesWithAFewChanges() throws {
        let old = (1...20_000).map { "line \($0)" }
        var new = old
        new[19_999] = "end"
        new.insert("new", at: 12_000)
        new.remove(at: 4_999)
        new[9] = "ten"
        let (a, b) = (old.joined(separator: "\n") + "\n", new.joined(separator: "\n") + "\n")
        let context = { (range: ClosedRange<Int>) in range.map { " line \($0)\n" }.joined() }
        let expected = "@@ -7,7 +7,7 @@\n" + context(7...9) + "-line 10\n+ten\n" + context(11...13)
            + "@@ -4997,7 +4997,6 @@\n" + context(4_997...4_999) + "-line 5000\n" + context(5_001...5_003)
            + "@@ -11998,6 +11997,7 @@\n" + context(11_998...12_000) + "+new\n" + context(12_001...12_003)
            + "@@ -19997,4 +19997,4 @@\n" + context(19_997...19_999) + "-line 20000\n+end\n"
        let hunks = UnifiedDiff.hunks(from: a, to: b)
        #expect(hunks == expected)
        #expect(hunks == (try gnuHunks(a, b)))
    }

    /// Two unrelated long outputs: one hunk, every old line out, every new line in.
    /// The same 20,000 lines reversed: a shortest diff costs minutes (it did, with no
    /// budget), so the differing part is shown whole, with a note saying so.
    @Test func reorderedLinesPastTheBudgetAreShownWhole() {
        let a = (1...20_000).map { "l\($0)\n" }.joined(), b = (1...20_000).reversed().map { "l\($0)\n" }.joined()
        let lines = UnifiedDiff.hunks(from: a, to: b).split(separator: "\n")
        #expect(lines.first?.hasPrefix("(too many lines moved") == true)
        #expect(lines.dropFirst().first == "@@ -1,20000 +1,20000 @@")
        #expect(lines.count == 2 + 40_000)
    }

    /// The bounded search agrees with the standard library's shortest diff: the
    /// distance it finds is enough, and one less is not.
    @Test func boundedSearchFindsTheShortestEditDistance() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let a = (0..<Int.random(in: 0...30, using: &random)).map { _ in Int.random(in: 0...4, using: &random) }
            let b = (0..<Int.random(in: 0...30, using: &random)).map { _ in Int.random(in: 0...4, using: &random) }
            let distance = b.difference(from: a).count
            #expect(LineChanges.editDistance(a, b, isAtMost: distance), "\(a) → \(b)")
            if distance > 0 { #expect(!LineChanges.editDistance(a, b, isAtMost: distance - 1), "\(a) → \(b)") }
        }
    }

    @Test func twentyThousandUnrelatedLines() {
        let a = (1...20_000).map { "a\($0)\n" }.joined(), b = (1...20_000).map { "b\($0)\n" }.joined()
        let lines = UnifiedDiff.hunks(from: a, to: b).split(separator: "\n")
        #expect(lines.first == "@@ -1,20000 +1,20000 @@")
        #expect(lines.count == 40_001)
        #expect(lines[1] == "-a1" && lines[20_000] == "-a20000" && lines[20_001] == "+b1" && lines[40_000] == "+b20000")
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
