import Foundation

/// Runs share/lab/chorus-lab and other local programs, capturing their output.
public enum LabScript {
    /// `XDG_STATE_HOME` for the programs tests start: chorus keeps its audit trail (and a
    /// shell's history) there, never in the real home. One folder per user, reused.
    public static let stateHome: String = {
        let path = NSTemporaryDirectory() + "chorus-test-state-\(getuid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        return path
    }()

    /// `XDG_RUNTIME_DIR` for the programs tests start: where a session mux listens. One
    /// folder per test process, so no run of the suite uses the operator's mux or another
    /// run's (a one-shot run uses a live mux even without --persist).
    public static let runtimeDirectory: String = {
        let path = NSTemporaryDirectory() + "chorus-test-runtime-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        return path
    }()

    /// This process's environment with `XDG_STATE_HOME` at `stateHome` and
    /// `XDG_RUNTIME_DIR` at `runtimeDirectory`: what a program started with no
    /// environment of its own gets.
    public static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = stateHome
        environment["XDG_RUNTIME_DIR"] = runtimeDirectory
        return environment
    }

    /// The repository root, found from this file's path (Tests/LabSupport/LabScript.swift).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var path: String { repositoryRoot.appendingPathComponent("share/lab/chorus-lab").path }

    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    static func run(_ arguments: [String]) throws(LabError) -> Output {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw LabError.scriptMissing(path) }
        do {
            return try runProgram(path, arguments)
        } catch {
            throw LabError.cannotStart("could not run \(path): \(error)")
        }
    }

    /// Runs `body` with no signal blocked on this thread. Test-pool threads block
    /// signals and a spawned child inherits the mask: a daemon started from a test
    /// (tmux, ssh-agent) would never see the SIGHUP or SIGTERM meant to end it.
    public static func withNoSignalBlocked<T>(_ body: () throws -> T) rethrows -> T {
        var empty = sigset_t(), saved = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        return try body()
    }

    /// Runs a program to completion (posix_spawn + waitpid: no run loop involved, so it
    /// is safe anywhere, including inside a lazy static initialiser). Output goes through
    /// files, not pipes, so a chatty program can never block on a full pipe.
    public static func runProgram(_ executable: String, _ arguments: [String],
                                  environment: [String: String]? = nil) throws -> Output {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outPath = scratch.appendingPathComponent("out").path, errPath = scratch.appendingPathComponent("err").path
        let status = try Spawn.run(executable, arguments, environment: environment, stdout: outPath, stderr: errPath)
        return Output(status: status,
                      stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// The value of `export NAME=VALUE` in a script's output.
    static func exportedValue(_ name: String, in output: String) -> String? {
        let prefix = "export \(name)="
        return output.split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }
}
