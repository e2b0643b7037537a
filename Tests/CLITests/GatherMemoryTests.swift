import Foundation
import LabSupport
import Testing

/// Gathered output past `--output-memory` goes to a temporary file: the same groups
/// come out, and chorus holds less.
@Suite struct GatherMemoryTests {
    /// Six hosts print 4 MB each, each its own (the first line is the host's address):
    /// 24 MB to gather. With `--output-memory 1` the text is byte for byte what the
    /// default (256 MiB, all in memory) prints, chorus's peak is lower by more than a
    /// third of what it gathered, and no temporary file is left behind.
    @Test func outputPastTheMemoryLimitIsSpilledAndGroupsStayTheSame() throws {
        let lab = try Lab.shared().manifest
        let scratch = NSTemporaryDirectory() + "chorus-gather-tmp-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let base = OneShotTests.labArguments(lab) + ["-b", "-w", "web[01-06]",
            "echo $SSH_CONNECTION | cut -d' ' -f3; head -c 4000000 /dev/zero | tr '\\000' y | fold -w 1000; echo"]
        let inMemory = try MeasuredRun(base, environment: ["TMPDIR": scratch])
        defer { inMemory.remove() }
        let capped = try MeasuredRun(["--output-memory", "1"] + base, environment: ["TMPDIR": scratch])
        defer { capped.remove() }
        #expect(inMemory.status == 0 && capped.status == 0, "\(inMemory.stderr)\(capped.stderr)")
        let expected = try inMemory.stdout()
        let same = try capped.stdout() == expected  // (not in the expectation: it would print 24 MB)
        #expect(same, "the groups differ once spilled")
        #expect(expected.count > 24_000_000, "\(expected.count) bytes gathered")
        #expect(capped.shellPeakKiB < inMemory.shellPeakKiB - 8_000,
                "peak \(capped.shellPeakKiB) KiB with --output-memory 1, \(inMemory.shellPeakKiB) KiB without")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty, "a temporary file was left behind")
    }
}
