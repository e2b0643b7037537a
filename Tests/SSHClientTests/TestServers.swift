import Foundation
import LabSupport

/// A plain TCP listener on loopback standing in for a broken "SSH server".
final class TCPServer: @unchecked Sendable {
    enum Behaviour: Sendable {
        /// Accepts (through the kernel's backlog) and never says a word.
        case silent
        /// Answers every connection with this text, then closes it.
        case reply(String)
    }

    let port: Int
    private let fd: Int32

    init(address: String, behaviour: Behaviour) throws {
        (fd, port) = try Loopback.listen(on: address, backlog: 16)
        if case .reply(let text) = behaviour { Self.serve(text, on: fd) }
    }

    /// Answers at most 16 connections (bounded), until stopped.
    private static func serve(_ text: String, on fd: Int32) {
        Thread.detachNewThread {
            for _ in 0..<16 {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                _ = text.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                close(client)
            }
        }
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}

struct TCPServerError: Error, CustomStringConvertible {
    let description: String
}

/// A fresh client key in a folder of its own, removed after the test.
struct TemporaryKey {
    let folder: String
    var path: String { folder + "/id" }

    init(type: String, passphrase: String = "") throws {
        folder = NSTemporaryDirectory() + "chorus-key-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let run = try LabScript.runProgram("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-f", folder + "/id"])
        guard run.status == 0 else { throw TCPServerError(description: "ssh-keygen failed: \(run.stderr)") }
    }

    /// Lets the lab user log in with this key (appends to the lab's authorized keys).
    func authorize(in lab: LabManifest, user: String) throws {
        let publicKey = try String(contentsOfFile: path + ".pub", encoding: .utf8)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: lab.dir + "/authkeys/" + user))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(publicKey.utf8))
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

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
            throw TCPServerError(description: "ssh-agent failed: \(started.stderr)")
        }
        self.pid = pid
        var environment = ProcessInfo.processInfo.environment
        environment["SSH_AUTH_SOCK"] = socket
        let added = try LabScript.runProgram("/usr/bin/ssh-add", ["-q", key], environment: environment)
        guard added.status == 0 else { throw TCPServerError(description: "ssh-add failed: \(added.stderr)") }
    }

    func stop() {
        kill(pid, SIGTERM)
        try? FileManager.default.removeItem(atPath: socket)
    }
}
