import Foundation
import LabSupport
import Secrets
import SSHClient
import Testing

/// Each failure kind, from a real sshd or a real socket.
@Suite struct FailureTests {
    @Test func portWithNoListenerIsRefused() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        var target = lab.target(host)
        target.port = try Loopback.unusedPort(on: host.address)
        let fixed = target
        let phase = try await onOwnThread { try connectOnly(fixed) }
        #expect(phase.errorKind == .refused)
        #expect(phase.errorMessage == "\(fixed.hostname):\(fixed.port): connection refused", "the address and port are named")
    }

    @Test func serverThatNeverSpeaksTimesOut() async throws {
        let lab = try Lab.shared().manifest
        let silent = try TCPServer(address: "127.0.0.1", behaviour: .silent)
        defer { silent.stop() }
        var target = lab.target(try #require(lab.hosts.first), timeout: 1)
        (target.hostname, target.port) = ("127.0.0.1", silent.port)
        let fixed = target
        let phase = try await onOwnThread { try connectOnly(fixed) }
        #expect(phase.errorKind == .timeout)
        #expect(phase.errorMessage == "no SSH handshake within 1s")
    }

    @Test func nonSSHServerIsNamedAsSuch() async throws {
        let lab = try Lab.shared().manifest
        let http = try TCPServer(address: "127.0.0.1", behaviour: .reply("HTTP/1.0 400 Bad Request\r\n\r\n"))
        defer { http.stop() }
        var target = lab.target(try #require(lab.hosts.first))
        (target.hostname, target.port) = ("127.0.0.1", http.port)
        let fixed = target
        let phase = try await onOwnThread { try connectOnly(fixed) }
        #expect(phase.errorKind == .notSSH)
    }

    @Test func unresolvableNameFailsAsResolve() async throws {
        let lab = try Lab.shared().manifest
        var target = lab.target(try #require(lab.hosts.first))
        target.hostname = "no-such-host.invalid"
        let fixed = target
        let phase = try await onOwnThread { try connectOnly(fixed) }
        #expect(phase.errorKind == .resolve)
        #expect(phase.errorMessage.contains("no-such-host.invalid"))
    }

    @Test func wrongPasswordIsAuthFailed() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "db").first)
        let target = lab.target(host, auth: [.password(.init("wrong-password"))])
        let fixed = target
        let phase = try await onOwnThread { try connectOnly(fixed) }
        #expect(phase.errorKind == .authFailed)
        #expect(phase.errorMessage.contains("password: refused"))
        #expect(!phase.errorMessage.contains("wrong-password"), "a password must never appear in an error")
    }

    @Test func keyNotAuthorisedIsAuthFailed() async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "ed25519")
        defer { key.remove() }
        let target = lab.target(try #require(lab.hosts(inGroup: "web").first), auth: [.keyFile(path: key.path, passphrase: nil)])
        let fixed = target
        let phase = try await onOwnThread { try connectOnly(fixed) }
        #expect(phase.errorKind == .authFailed)
        #expect(phase.errorMessage.contains("key \(key.path): not accepted"))
    }

    /// sshd ends the session after `MaxAuthTries` (6) refusals, saying why: that is a
    /// refusal in the server's words, where a server that just went away is `disconnected`.
    @Test func tooManyRefusedKeysEndInTheServersOwnReason() async throws {
        let lab = try Lab.shared().manifest
        let keys = try (1...7).map { _ in try TemporaryKey(type: "ed25519") }
        defer { keys.forEach { $0.remove() } }
        let target = lab.target(try #require(lab.hosts(inGroup: "web").first),
                                auth: keys.map { .keyFile(path: $0.path, passphrase: nil) })
        let fixed = target
        let phase = try await onOwnThread { try connectOnly(fixed) }
        #expect(phase.errorKind == .authFailed)
        #expect(phase.errorMessage.contains("the server ended the session during key \(keys[5].path) authentication: "),
                "\(phase.errorMessage)")
        #expect(phase.errorMessage.contains("Too many authentication failures"), "\(phase.errorMessage)")
    }

    /// A server that dies while checking a key has refused nothing: the host is
    /// `disconnected`, like one lost later, not `auth-failed`.
    @Test func aServerKilledDuringAuthenticationIsDisconnected() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").first)
        // Its key check never ends: a client offering a key not in the lab's files is
        // held in the middle of authentication.
        let server = try ExtraSSHD(lab: lab, address: host.address,
                                   extra: ["AuthorizedKeysCommand /usr/bin/sleep 120", "AuthorizedKeysCommandUser \(NSUserName())"])
        defer { server.stop() }
        let key = try TemporaryKey(type: "ed25519")
        defer { key.remove() }
        var target = lab.target(host, policy: .off, auth: [.keyFile(path: key.path, passphrase: nil)], timeout: 30)
        target.port = server.port
        let fixed = target
        let (checking, phase) = try await onOwnThread { () throws -> (Bool, SSHSession.Phase) in
            let loop = try SSHEventLoop()
            let session = loop.connect(fixed)
            var checking = false
            for _ in 0..<200 where !checking && !session.isFinished {  // 20 s at most
                _ = loop.run(limit: 0.1) { false }
                checking = server.runs("sleep")
            }
            server.killConnections()
            _ = loop.run(limit: 10) { session.isFinished }
            return (checking, session.phase)
        }
        #expect(checking, "the key check started before the kill: \(phase)")
        #expect(phase.errorKind == .disconnected, "\(phase)")
        #expect(phase.errorMessage == "the server closed the connection during key \(key.path) authentication")
    }

    @Test func passphraseKeyWorksAndAWrongPassphraseIsSaidPlainly() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").first)
        let keys = lab.keys
        let good = lab.target(host, auth: [.keyFile(path: keys.ed25519Passphrase, passphrase: .init(keys.passphrase))])
        let bad = lab.target(host, auth: [.keyFile(path: keys.ed25519Passphrase, passphrase: .init("nope"))])
        let phases = try await onOwnThread { (try connectOnly(good), try connectOnly(bad)) }
        #expect(phases.0 == .ready)
        #expect(phases.1.errorKind == .authFailed)
        #expect(phases.1.errorMessage.contains("wrong passphrase"))
    }

    @Test func methodsAreTriedInTurnUntilOneWorks() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "db").first)
        let password = try #require(lab.password(for: host.user))
        let key = try TemporaryKey(type: "ed25519")
        defer { key.remove() }
        let target = lab.target(host, auth: [.keyFile(path: key.path, passphrase: nil), .password(.init(password))])
        let fixed = target
        let phase = try await onOwnThread { try connectOnly(fixed) }
        #expect(phase == .ready)
    }

    @Test func agentIdentitiesLogIn() async throws {
        let lab = try Lab.shared().manifest
        let agent = try SSHAgent(adding: lab.keys.ed25519)
        defer { agent.stop() }
        let target = lab.target(try #require(lab.hosts(inGroup: "web").first), auth: [.agent(socket: agent.socket)])
        let results = try await onOwnThread { try runCommands(target, ["echo via-agent"]) }
        #expect(results.first?.stdoutText == "via-agent\n")
    }

    /// Regression: the agent handle was freed after its libssh2 session, which crashed
    /// the process when every identity had been refused.
    @Test func agentWhoseIdentitiesAreAllRefusedFailsCleanly() async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "ed25519")
        defer { key.remove() }
        let agent = try SSHAgent(adding: key.path)
        defer { agent.stop() }
        let target = lab.target(try #require(lab.hosts(inGroup: "web").first), auth: [.agent(socket: agent.socket)])
        let phase = try await onOwnThread { try connectOnly(target) }
        #expect(phase.errorKind == .authFailed)
        #expect(phase.errorMessage.contains("agent: 1 identities refused"), "\(phase)")
    }
}
