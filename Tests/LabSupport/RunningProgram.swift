import Foundation

/// A program started in the background (to signal it, or to act while it runs).
public final class RunningProgram {
    public let pid: pid_t
    private let scratch: String

    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        scratch = NSTemporaryDirectory() + "chorus-bg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        pid = try Spawn.start(executable, arguments, environment: environment, stdout: scratch + "/out", stderr: scratch + "/err")
    }

    deinit {
        kill(pid, SIGKILL)
        _ = try? Spawn.wait(for: pid)
        try? FileManager.default.removeItem(atPath: scratch)
    }

    /// Waits for the program to end and returns what it printed.
    public func wait() throws -> LabScript.Output {
        let status = try Spawn.wait(for: pid)
        return LabScript.Output(status: status,
                                stdout: (try? String(contentsOfFile: scratch + "/out", encoding: .utf8)) ?? "",
                                stderr: (try? String(contentsOfFile: scratch + "/err", encoding: .utf8)) ?? "")
    }

    /// Direct children of this program (e.g. its worker processes).
    public func children() -> [pid_t] { ProcessTree.children(of: pid) }
}
