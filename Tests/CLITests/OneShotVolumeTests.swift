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
