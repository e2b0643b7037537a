import Foundation
import LabSupport
import Testing

/// A crash of the shell or a worker, both of which hold passwords, writes no memory
/// anywhere: no core file (a core limit of 0) and no backtrace (the Swift runtime's
/// backtracer prints memory near the registers to the inherited stderr).
@Suite struct CrashDumpTests {
    @Test func aCrashedWorkerOrShellDumpsNoMemory() throws {
        let lab = try Lab.shared().manifest
        // Two hosts on two workers: the run goes on after one worker dies, so chorus
        // itself is still there to be crashed next.
        let program = try RunningProgram(BinaryTests.binary, OneShotTests.labArguments(lab)
            + ["--workers", "2", "-w", "web[01-02]", "sleep 12.875"])
        try waitForRemote("sleep 12.875", count: 2)
        let workers = program.children()
        let worker = try #require(workers.first, "chorus has workers")
        try #require(workers.count == 2, "chorus started two workers: \(workers)")
        for pid in [program.pid, worker] {
            #expect(try Self.coreLimit(of: pid) == "0 0", "process \(pid) may write a core file")
        }
        kill(worker, SIGSEGV)
        #expect(Self.waitUntilGone(worker), "the worker did not die of SIGSEGV")
        kill(program.pid, SIGSEGV)
        let run = try program.wait()
        #expect(run.status == 128 + SIGSEGV, "chorus ended by SIGSEGV, status \(run.status)")
        for word in ["Backtracing", "Crash", "Thread 0", "Registers"] {
            #expect(!run.stderr.contains(word), "a crash printed '\(word)': \(run.stderr.prefix(400))")
        }
    }

    /// The soft and hard core-file limits, as `/proc/PID/limits` prints them.
    private static func coreLimit(of pid: pid_t) throws -> String {
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let line = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") })
        return line.dropFirst("Max core file size".count).split(separator: " ").prefix(2).joined(separator: " ")
    }

    /// Whether `pid` is gone (or a zombie) within 10 s.
    private static func waitUntilGone(_ pid: pid_t) -> Bool {
        for _ in 0..<100 {
            if !ProcessTree.isRunning(pid) { return true }
            usleep(100_000)
        }
        return false
    }
}
