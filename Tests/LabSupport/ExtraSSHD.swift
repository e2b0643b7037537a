import Foundation

/// One more real sshd that a test starts itself: the lab's settings (host keys, users,
/// authorized keys) with `extra` lines taking precedence, on a free port of `address`.
/// Its host keys are the lab's, but its port is new: connect with host-key checking off,
/// or `accept-new` and a known_hosts file of the test's own.
public struct ExtraSSHD: Sendable {
    public let port: Int
    public let pid: pid_t
    private let folder: String

    /// - Parameter pam: a PAM stack for this sshd alone (the lines of its `/etc/pam.d/sshd`),
    ///   or nil for none. With one, sshd runs with `UsePAM yes` in a mount namespace of its
    ///   own where that file is bind-mounted over `/etc/pam.d/sshd`: the machine's PAM
    ///   files are never touched, and their container-hostile modules (pam_loginuid,
    ///   pam_selinux, pam_systemd) stay out of the way. See `PAMStack` for ready stacks.
    public init(lab: LabManifest, address: String, extra: [String], pam: [String]? = nil) throws {
        folder = NSTemporaryDirectory() + "chorus-sshd-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // The port is free when picked but may be taken before sshd binds it (another
        // test's connection): a lost race is tried again on a new port, three times at most.
        for attempt in 1...3 {
            let port = try Loopback.unusedPort(on: address)
            do {
                pid = try Self.launch(lab: lab, listen: "\(address):\(port)", folder: folder, extra: extra, pam: pam)
                self.port = port
                return
            } catch LabError.cannotStart(let reason) where attempt < 3 && reason.contains("Address already in use") {
                continue
            }
        }
        throw LabError.cannotStart("sshd did not start on \(address)")  // not reached: the third attempt throws
    }

    /// Starts sshd listening on `listen` with the lab's settings and `extra`; its pid.
    private static func launch(lab: LabManifest, listen: String, folder: String, extra: [String],
                               pam: [String]?) throws -> pid_t {
        for file in ["/sshd.pid", "/sshd.log"] { try? FileManager.default.removeItem(atPath: folder + file) }
        let config = try lab.sshdConfig(listen: listen, pidFile: folder + "/sshd.pid",
                                        extra: (pam == nil ? [] : ["UsePAM yes"]) + extra)
        try config.write(toFile: folder + "/sshd.conf", atomically: true, encoding: .utf8)
        // Absolute paths: sshd re-executes itself for each connection from `/`.
        let sshd = ["/usr/sbin/sshd", "-f", folder + "/sshd.conf", "-E", folder + "/sshd.log"]
        let started: LabScript.Output
        if let pam {
            try (pam.joined(separator: "\n") + "\n").write(toFile: folder + "/pam-sshd", atomically: true, encoding: .utf8)
            let script = "mount --bind \"$1\" /etc/pam.d/sshd && shift && exec \"$@\""
            started = try LabScript.runProgram("/usr/bin/unshare", ["--mount", "--propagation", "private",
                                                                    "/bin/sh", "-c", script, "sh", folder + "/pam-sshd"] + sshd)
        } else {
            started = try LabScript.runProgram(sshd[0], Array(sshd.dropFirst()))
        }
        var pid: pid_t?
        for _ in 0..<100 where pid == nil && started.status == 0 {  // 5 s at most
            pid = (try? String(contentsOfFile: folder + "/sshd.pid", encoding: .utf8))
                .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if pid == nil { usleep(50_000) }
        }
        guard started.status == 0, let pid else {
            let log = (try? String(contentsOfFile: folder + "/sshd.log", encoding: .utf8)) ?? ""
            throw LabError.cannotStart("sshd did not start: \(started.stderr)\(log); see \(folder)/sshd.log")
        }
        return pid
    }

    /// Whether a process named `name` runs below this sshd (for one of its connections).
    public func runs(_ name: String) -> Bool {
        ProcessTree.descendants(of: [pid]).contains {
            (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8)) == name + "\n"
        }
    }

    /// How many connections it serves now (each is a child of the listener).
    public func connectionCount() -> Int {
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").count
    }

    /// What it has logged so far (`-E` file; as verbose as its `LogLevel`).
    public var log: String { (try? String(contentsOfFile: folder + "/sshd.log", encoding: .utf8)) ?? "" }

    /// Kills the sshd processes serving its connections (SIGKILL), leaving the commands
    /// they started: the connection goes as in a crash, and nothing is cancelled or
    /// closed. Returns the PIDs killed.
    @discardableResult
    public func killSSHDProcesses() -> [pid_t] {
        let sshds = ProcessTree.descendants(of: [pid]).filter {
            (try? String(contentsOfFile: "/proc/\($0)/comm", encoding: .utf8)) == "sshd\n"
        }
        sshds.forEach { kill($0, SIGKILL) }
        return sshds
    }

    /// Kills every connection's processes, as a crash would; the listener stays.
    public func killConnections() { ProcessTree.descendants(of: [pid]).forEach { kill($0, SIGKILL) } }

    public func stop() {
        killConnections()
        kill(pid, SIGTERM)
        // It removes its pid file as it exits: wait (5 s at most), or the removal races it.
        for _ in 0..<100 where ProcessTree.isRunning(pid) { usleep(50_000) }
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// PAM stacks for `ExtraSSHD(…, pam:)`: pam_unix against /etc/shadow (the lab users'
/// passwords), `nodelay` so a refusal is not held back ~2 s.
public enum PAMStack {
    /// One question, `Password: `.
    public static let password = [
        "auth required pam_unix.so nodelay",
        "account required pam_unix.so",
        "session required pam_permit.so",
    ]

    /// The password, then a question that is no password prompt: pam_ftp treats `user`
    /// as an anonymous FTP login and asks `Guest login ok, send your complete e-mail
    /// address as password.` (the simplest stock module that asks something else; no
    /// one-time-code module ships with Debian's libpam-modules).
    public static func passwordThenQuestion(user: String) -> [String] {
        ["auth requisite pam_unix.so nodelay", "auth required pam_ftp.so users=\(user)"] + password.dropFirst()
    }
}
