import Foundation
import LabSupport
import Testing

/// Big, binary and terminal output through the whole path (host → worker → shell).
@Suite struct OneShotVolumeTests {
    /// 200 MB from one host must stream through: the worker stops reading the channel
    /// when the shell has not yet taken 1 MiB (credit), so memory stays flat.
    @Test func twoHundredMegabytesKeepMemoryBounded() throws {
        let lab = try Lab.shared().manifest
        let scratch = NSTemporaryDirectory() + "chorus-volume-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let arguments = (OneShotTests.labArguments(lab) + ["-w", "web01", "head -c 200000000 /dev/zero | tr '\\\\0' x | fold -w 1000"])
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let script = "/usr/bin/time -f %M -o \(scratch) \(BinaryTests.binary) \(arguments) | wc -c"
        let run = try LabScript.runProgram("/bin/sh", ["-c", script])
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "201600000", "200,000 lines of 'web01: ' + 1000 bytes + newline")
        let peakKilobytes = Int(try String(contentsOfFile: scratch, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? .max
        #expect(peakKilobytes < 100_000, "peak memory \(peakKilobytes) KiB for 200 MB of output")
    }

    /// One host prints a 10 MB line with no newline while the others print normal lines.
    /// Live output shows it as labelled 64 KiB pieces, in order (`LineAssembler`: a line
    /// never sits in memory whole; the last piece gets its newline when the host ends),
    /// `--outdir` gets the exact bytes, and no process grows by anything near the line's
    /// size: each stays within 8 MiB of the same run printing one word per host.
    @Test func tenMegabyteLineWithoutNewlineIsCutIntoPiecesAndKeptWhole() throws {
        let lab = try Lab.shared().manifest
        let web = lab.hosts(inGroup: "web")
        let outdir = NSTemporaryDirectory() + "chorus-longline-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outdir) }
        let base = OneShotTests.labArguments(lab) + ["-w", "web[01-03]"]
        let baseline = try MeasuredRun(base + ["echo fine"])
        defer { baseline.remove() }
        let script = "case \"$SSH_CONNECTION\" in *' \(web[0].address) '*) head -c 10000000 /dev/zero | tr '\\000' y;; "
            + "*) echo fine; echo done;; esac"
        let run = try MeasuredRun(base + ["--outdir", outdir, script])
        defer { run.remove() }
        #expect(run.status == 0, "\(run.stderr)")
        let lines = [UInt8](try run.stdout()).split(separator: 0x0A).map { Array($0) }
        let label = Array("web01: ".utf8)
        let pieces = lines.filter { $0.starts(with: label) }.map { $0.dropFirst(label.count) }
        #expect(pieces.map(\.count) == Array(repeating: 65_536, count: 152) + [10_000_000 - 152 * 65_536])
        #expect(pieces.allSatisfy { $0.allSatisfy { $0 == UInt8(ascii: "y") } })
        let others = lines.filter { !$0.starts(with: label) }.map { String(decoding: $0, as: UTF8.self) }
        #expect(others.sorted() == ["web02: done", "web02: fine", "web03: done", "web03: fine"])
        let file = try #require(FileManager.default.contents(atPath: outdir + "/web01"))
        #expect(file.count == 10_000_000)
        #expect(file.allSatisfy { $0 == UInt8(ascii: "y") }, "--outdir holds the line's bytes exactly, with no newline added")
        #expect(FileManager.default.contents(atPath: outdir + "/web02") == Data("fine\ndone\n".utf8))
        #expect(run.workerPeaksKiB.count >= 1 && baseline.workerPeaksKiB.count >= 1)
        #expect(run.largestPeakKiB < baseline.largestPeakKiB + 8192,
                "peaks \(run.shellPeakKiB) KiB (chorus), \(run.workerPeaksKiB) KiB (workers); one word per host: \(baseline.largestPeakKiB) KiB")
    }

    @Test func ptyGivesTheCommandATerminal() throws {
        let lab = try Lab.shared().manifest
        let run = try chorus(OneShotTests.labArguments(lab) + ["--pty", "-w", "web01", "tty; echo err >&2"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("web01: /dev/pts/"))
        #expect(run.stdout.contains("\nweb01: err"), "with a pty stderr arrives merged into stdout")
        let plain = try chorus(OneShotTests.labArguments(lab) + ["-w", "web01", "tty; echo err >&2"])
        #expect(plain.stdout == "web01: not a tty\n")
        #expect(plain.stderr == "web01: err\n")
    }
}
