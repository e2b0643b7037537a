import LabSupport
import Secrets
import SSHClient

/// What one command produced, collected from its events.
struct CommandResult: Sendable, Equatable {
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var outcome: ExecOutcome?
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
}

/// Collects events for one command (the loop runs on one thread, so no locking).
final class ResultBox {
    var result = CommandResult()
    var isDone: Bool { result.outcome != nil }

    func record(_ event: ExecEvent) {
        switch event {
        case .stdout(let bytes): result.stdout += bytes
        case .stderr(let bytes): result.stderr += bytes
        case .finished(let outcome): result.outcome = outcome
        }
    }
}

extension LabManifest {
    /// A target for a lab host with its lab credentials, checked strictly against the
    /// lab's known_hosts (never appended to).
    func target(_ host: Host, policy: SSHTarget.HostKeyPolicy = .strict, knownHosts: String? = nil,
                auth: [SSHTarget.AuthMethod]? = nil, timeout: Double = 10) -> SSHTarget {
        let credentials: [SSHTarget.AuthMethod] = host.auth == "key"
            ? [.keyFile(path: keys.ed25519, passphrase: nil)]
            : [.password(Secret(password(for: host.user) ?? ""))]
        return SSHTarget(hostname: host.address, port: host.port, username: host.user, auth: auth ?? credentials,
                         knownHostsPath: knownHosts ?? self.knownHosts, hostKeyPolicy: policy, connectTimeout: timeout)
    }
}

/// Connects to one target, runs commands one after another on the same session, and
/// returns their results (or the session's failure). Runs a loop on the calling thread.
func runCommands(_ target: SSHTarget, _ commands: [String], pty: Bool = false, limit: Double = 30) throws -> [CommandResult] {
    let loop = try SSHEventLoop()
    let session = loop.connect(target)
    var results: [CommandResult] = []
    for command in commands {
        let box = ResultBox()
        session.exec(command, pty: pty, handler: box.record)
        _ = loop.run(limit: limit) { box.isDone }
        results.append(box.result)
    }
    return results
}

/// Connects only, and reports where the session ended up.
func connectOnly(_ target: SSHTarget, limit: Double = 30) throws -> SSHSession.Phase {
    let loop = try SSHEventLoop()
    let session = loop.connect(target)
    _ = loop.run(limit: limit) { session.phase == .ready || session.isFinished }
    return session.phase
}

extension SSHSession.Phase {
    var errorKind: SSHError.Kind? {
        if case .failed(let error) = self { return error.kind }
        return nil
    }

    var errorMessage: String {
        if case .failed(let error) = self { return error.message }
        return ""
    }
}
