import Foundation
import LabSupport
import Testing

/// A reader that stops reading (`chorus … | less` left open, ^Z, Ctrl-S) slows the hosts
/// down; it never turns them into failures.
@Suite struct SlowReaderTests {
    /// Four hosts print 3 MB each, then a line every tenth of a second, into a pipe
    /// nobody reads for 8 s: three times as long as the keepalive limit (`--keepalive 1`,
    /// so a host silent for 3 s counts as gone). The workers keep their frames queued
    /// and their hosts' output unread meanwhile, without spinning; once the reader
    /// reads on, every host ends with status 0 and all of its output, in order.
    @Test func pausedReaderLongerThanTheKeepaliveLimitLosesNoHost() throws {
        let lab = try Lab.shared().manifest
        let hosts = lab.hosts(inGroup: "web").prefix(4).map(\.name)
        let command = "head -c 3000000 /dev/zero | tr '\\000' x | fold -w 100; echo; "
            + "for i in $(seq 1 30); do echo line$i; sleep 0.1; done"
        let run = try PausedReaderRun(OneShotTests.labArguments(lab)
            + ["--keepalive", "1", "-w", hosts.joined(separator: ","), command], pauseSeconds: 8)
        defer { run.remove() }
        #expect(run.status == "0", "chorus ended with \(run.status): \(run.stderr)")
        #expect(!run.stderr.contains("keepalive"), "\(run.stderr)")
        let expected = Array(repeating: String(repeating: "x", count: 100), count: 30_000) + (1...30).map { "line\($0)" }
        let lines = try run.stdoutLines()
        for host in hosts {
            let label = "\(host): "
            let own = lines.filter { $0.hasPrefix(label) }.map { String($0.dropFirst(label.count)) }
            let whole = own == expected  // (not in the expectation: it would print 3 MB)
            let firstDifference: Int = zip(own, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(own.count, expected.count)
            #expect(whole, "\(host): \(own.count) lines of \(expected.count), first difference at line \(firstDifference + 1)")
        }
        #expect(run.workerCPUSeconds < 2, "workers used \(run.workerCPUSeconds) s of CPU in all: a paused session must not spin")
    }
}

/// A run of the binary whose standard output goes into a pipe that is not read for
/// `pauseSeconds`, then read to the end; with each worker's CPU time (user + system,
/// as GNU time reports it through a `CHORUS_WORKER_BINARY` wrapper).
private struct PausedReaderRun {
    let status: String
    let stderr: String
    let workerCPUSeconds: Double
    private let scratch: String

    init(_ arguments: [String], pauseSeconds: Int) throws {
        scratch = NSTemporaryDirectory() + "chorus-paused-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch + "/workers", withIntermediateDirectories: true)
        let wrapper = scratch + "/worker"
        try "#!/bin/sh\nexec /usr/bin/time -f '%U %S' -o '\(scratch)/workers/'$$ '\(BinaryTests.binary)' \"$@\"\n"
            .write(toFile: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper)
        var environment = LabScript.environment
        environment["CHORUS_WORKER_BINARY"] = wrapper
        let script = "{ '\(BinaryTests.binary)' \"$@\"; echo $? > '\(scratch)/status'; } "
            + "| { sleep \(pauseSeconds); cat; } > '\(scratch)/stdout'"
        let run = try LabScript.runProgram("/bin/sh", ["-c", script, "sh"] + arguments, environment: environment)
        stderr = run.stderr
        status = ((try? String(contentsOfFile: scratch + "/status", encoding: .utf8)) ?? "missing")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let folder = scratch + "/workers/"
        let reports = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        workerCPUSeconds = reports.isEmpty ? .infinity : reports.map { Self.cpuSeconds(in: folder + $0) }.reduce(0, +)
    }

    func stdoutLines() throws -> [String] {
        try String(contentsOfFile: scratch + "/stdout", encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func remove() { try? FileManager.default.removeItem(atPath: scratch) }

    /// User plus system seconds from GNU time's last line; infinity when unreadable.
    private static func cpuSeconds(in file: String) -> Double {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
              let last = text.split(separator: "\n").last else { return .infinity }
        let fields = last.split(separator: " ").compactMap { Double($0) }
        return fields.count == 2 ? fields[0] + fields[1] : .infinity
    }
}
