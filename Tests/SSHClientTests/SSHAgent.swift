import Foundation
import LabSupport

/// An ssh-agent of the test's own, holding one key.
struct SSHAgent {
    let socket: String
    let pid: Int32

    init(adding key: String) throws {
        let socket = NSTemporaryDirectory() + "chorus-agent-\(UUID().uuidString).sock"
        self.socket = socket
        // With the mask a test thread has, the agent would ignore `stop`'s SIGTERM.
        let started = try LabScript.withNoSignalBlocked {
            try LabScript.runProgram("/usr/bin/ssh-agent", ["-s", "-a", socket])
        }
        let pidLine = started.stdout.split(separator: ";").first { $0.contains("SSH_AGENT_PID=") }
        guard started.status == 0, let value = pidLine?.split(separator: "=").last, let pid = Int32(value) else {
            throw LabError.cannotStart("ssh-agent failed: \(started.stderr)")
        }
        self.pid = pid
        var environment = ProcessInfo.processInfo.environment
        environment["SSH_AUTH_SOCK"] = socket
        let added = try LabScript.runProgram("/usr/bin/ssh-add", ["-q", key], environment: environment)
        guard added.status == 0 else { throw LabError.cannotStart("ssh-add failed: \(added.stderr)") }
    }

    func stop() {
        kill(pid, SIGTERM)
        try? FileManager.default.removeItem(atPath: socket)
    }
}
