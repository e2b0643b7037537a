import Foundation
import LabSupport
import Testing

/// The permission warnings come from the one reading of each file: an inventory file is
/// opened once per load (the warning for a readable secret used to parse every file a
/// second time).
@Suite struct InventoryReadOnceTests {
    @Test func anInventoryFileHoldingASecretIsOpenedOnce() throws {
        let file = NSTemporaryDirectory() + "chorus-once-\(UUID().uuidString).ini"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "[web01]\nhostname = 127.0.0.1\npassword = hunter2\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o644)  // readable by others: the warning must come, from the same reading
        let trace = file + ".strace"
        defer { try? FileManager.default.removeItem(atPath: trace) }
        let run = try LabScript.runProgram("/usr/bin/strace", ["-f", "-e", "trace=open,openat", "-o", trace,
                                                                BinaryTests.binary, "-i", file, "hosts"])
        #expect(run.stdout == "web01\n", "\(run.stderr)")
        #expect(run.stderr.contains("holds a password or passphrase and is readable by"), "\(run.stderr)")
        let opens = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").filter { $0.contains("\"\(file)\"") }
        #expect(opens.count == 1, "\(opens)")
    }
}
