import Foundation
import LabSupport

/// A run of the binary with its standard output in a file (it may be large), and the
/// peak memory (resident set, KiB) of chorus and of each of its worker processes, as
/// GNU time reports them: chorus runs under `/usr/bin/time`, and its workers start
/// through a wrapper (`CHORUS_WORKER_BINARY`) that runs each under `/usr/bin/time` too.
struct MeasuredRun {
    let status: Int32
    let stderr: String
    /// Where standard output went; removed by `remove()`.
    let stdoutPath: String
    /// What GNU time reports for chorus: the larger of its own peak and that of any
    /// process it waited for (Linux folds reaped children into a process's rusage), so
    /// an upper bound on chorus's own peak, and exactly it when above every worker's.
    let shellPeakKiB: Int
    /// Each worker's own peak.
    let workerPeaksKiB: [Int]
    private let scratch: String

    init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
        scratch = NSTemporaryDirectory() + "chorus-measured-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch + "/workers", withIntermediateDirectories: true)
        stdoutPath = scratch + "/stdout"
        let wrapper = scratch + "/worker"
        try "#!/bin/sh\nexec /usr/bin/time -f %M -o '\(scratch)/workers/'$$ '\(BinaryTests.binary)' \"$@\"\n"
            .write(toFile: wrapper, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper)
        var environment = LabScript.environment.merging(extra) { $1 }
        environment["CHORUS_WORKER_BINARY"] = wrapper
        let script = "exec /usr/bin/time -f %M -o '\(scratch)/shell' '\(BinaryTests.binary)' \"$@\" > '\(stdoutPath)'"
        let run = try LabScript.runProgram("/bin/sh", ["-c", script, "sh"] + arguments, environment: environment)
        status = run.status
        stderr = run.stderr
        shellPeakKiB = Self.peak(in: scratch + "/shell")
        let workers = (try? FileManager.default.contentsOfDirectory(atPath: scratch + "/workers")) ?? []
        let folder = scratch + "/workers/"
        workerPeaksKiB = workers.sorted().map { Self.peak(in: folder + $0) }
    }

    /// Standard output, whole (for runs whose output fits in memory).
    func stdout() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: stdoutPath)) }

    /// The largest peak of any of the run's processes.
    var largestPeakKiB: Int { ([shellPeakKiB] + workerPeaksKiB).max() ?? .max }

    func remove() { try? FileManager.default.removeItem(atPath: scratch) }

    /// GNU time's `%M` is the file's last line (a line before it says when the command
    /// exited non-zero or was killed); `.max` when the file is missing or unreadable.
    private static func peak(in file: String) -> Int {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
              let last = text.split(separator: "\n").last, let kib = Int(last.trimmingCharacters(in: .whitespaces))
        else { return .max }
        return kib
    }
}
