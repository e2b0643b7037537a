import Foundation

/// posix_spawn with stdin from /dev/null and stdout/stderr to files, then waitpid.
enum Spawn {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Returns the exit status, or 128+N when the program was killed by signal N.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]?,
                    stdout: String, stderr: String) throws -> Int32 {
        try wait(for: start(executable, arguments, environment: environment, stdout: stdout, stderr: stderr))
    }

    /// Starts the program and returns its PID without waiting.
    static func start(_ executable: String, _ arguments: [String], environment: [String: String]?,
                      stdout: String, stderr: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let env = (environment ?? LabScript.environment).map { "\($0.key)=\($0.value)" }
        let pid = try withCStrings([executable] + arguments) { argv in
            try withCStrings(env) { envp in
                var pid: pid_t = 0
                let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
                guard rc == 0 else { throw Failure(description: "cannot run \(executable): \(String(cString: strerror(rc)))") }
                return pid
            }
        }
        return pid
    }

    static func wait(for pid: pid_t) throws -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid: \(String(cString: strerror(errno)))") }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// A NULL-terminated array of C strings alive for the duration of `body`.
    private static func withCStrings<T>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) throws -> T) rethrows -> T {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return try body(pointers + [nil])
    }
}
