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
        #expect(phase.errorMessage == "connection refused")
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

    @Test func rsaKeyRefusedForSHA1SaysWhyAndHowToFix() async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "rsa")
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        let target = lab.target(host, auth: [.keyFile(path: key.path, passphrase: nil)])
        let fixed = target
        let phase = try await onOwnThread { try connectOnly(fixed) }
        #expect(phase.errorKind == .authFailed)
        #expect(phase.errorMessage.contains("RSA/SHA-1 refused by server"))
        #expect(phase.errorMessage.contains("use an ed25519 or ecdsa key"))
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
}
