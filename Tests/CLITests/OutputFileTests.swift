import Foundation
import LabSupport
import Testing

/// `--outdir`/`--errdir` in a folder that may already exist and be shared: no symlink
/// is followed, someone else's folder is refused, and output that cannot be kept fails
/// the host (class 4) instead of vanishing.
@Suite struct OutputFileTests {
    static func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "chorus-outfiles-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        return dir
    }

    @Test func aSymlinkPlantedUnderAHostsNameIsNotFollowedAndFailsThatHost() throws {
        let lab = try Lab.shared().manifest
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: dir + "/victim"))
        try FileManager.default.createSymbolicLink(atPath: dir + "/web01", withDestinationPath: dir + "/victim")

        let run = try chorus(OneShotTests.labArguments(lab) + ["--outdir", dir, "-w", "web[01-02]", "echo hi"])
        #expect(run.status == 4, "\(run.stderr)")
        #expect(run.stderr.contains("chorus: web01: output-file: cannot open \(dir)/web01: a symlink is in its place (not followed)"),
                "\(run.stderr)")
        #expect(FileManager.default.contents(atPath: dir + "/victim") == Data("keep me\n".utf8), "the link's target is untouched")
        #expect(FileManager.default.contents(atPath: dir + "/web02") == Data("hi\n".utf8))
    }

    @Test func aFolderOfAnotherUserIsRefusedBeforeAnythingRuns() throws {
        let lab = try Lab.shared().manifest
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(chown(dir, 65534, 65534) == 0, "the tests run as root")
        let run = try chorus(OneShotTests.labArguments(lab) + ["--errdir", dir, "-w", "web01", "echo hi"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("output folder '\(dir)' belongs to another user (uid 65534)"), "\(run.stderr)")
    }

    /// A write that fails (here EFBIG, from a file-size limit set before chorus starts,
    /// with SIGXFSZ ignored as a full disk would give ENOSPC) is the host's failure.
    @Test func aWriteThatFailsIsTheHostsFailure() throws {
        let lab = try Lab.shared().manifest
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let words = (OneShotTests.labArguments(lab) + ["--outdir", dir, "-w", "web01", "head -c 200000 /dev/zero"])
            .map { "'\($0)'" }.joined(separator: " ")
        let run = try LabScript.runProgram("/bin/sh", ["-c", "trap '' XFSZ; ulimit -f 8; exec '\(BinaryTests.binary)' \(words) >/dev/null"])
        #expect(run.status == 4, "\(run.stderr)")
        #expect(run.stderr.contains("chorus: web01: output-file: cannot write \(dir)/web01: File too large (the command exited 0)"),
                "\(run.stderr)")
    }
}
