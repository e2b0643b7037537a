import Foundation
import LabSupport
import Secrets
import SSHClient
import Testing

/// RSA user keys against the lab's sshd (OpenSSH 9.2, default settings: no `ssh-rsa`
/// in PubkeyAcceptedAlgorithms), which libssh2 1.10 alone cannot satisfy: Chorus signs
/// with rsa-sha2-512 itself for the keys it can read.
@Suite struct RSASHA2Tests {
    @Test(arguments: [nil, "PEM"])
    func rsaKeyFileLogsIn(format: String?) async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "rsa", format: format)
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        let target = lab.target(host, auth: [.keyFile(path: key.path, passphrase: nil)])
        let results = try await onOwnThread { try runCommands(target, ["echo rsa-\(format ?? "openssh")"]) }
        #expect(results.first?.stdoutText == "rsa-\(format ?? "openssh")\n")
    }

    @Test(arguments: [nil, "PEM"])
    func rsaKeyWithoutItsPublicFileLogsIn(format: String?) async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "rsa", format: format)
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        try FileManager.default.removeItem(atPath: key.path + ".pub")
        let target = lab.target(host, auth: [.keyFile(path: key.path, passphrase: nil)])
        let phase = try await onOwnThread { try connectOnly(target) }
        #expect(phase == .ready, "\(phase)")
    }

    @Test func pemKeyWithPassphraseLogsInAndAWrongOneIsSaidPlainly() async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "rsa", passphrase: "rsa secret", format: "PEM")
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        let good = lab.target(host, auth: [.keyFile(path: key.path, passphrase: .init("rsa secret"))])
        let bad = lab.target(host, auth: [.keyFile(path: key.path, passphrase: .init("nope"))])
        let phases = try await onOwnThread { (try connectOnly(good), try connectOnly(bad)) }
        #expect(phases.0 == .ready, "\(phases.0)")
        #expect(phases.1.errorKind == .authFailed)
        #expect(phases.1.errorMessage.contains("wrong passphrase"), "\(phases.1)")
    }

    /// OpenSSH-format keys with a passphrase (bcrypt KDF) are not decrypted by Chorus:
    /// libssh2 signs them with ssh-rsa, and the error says so and how to fix it.
    @Test(arguments: [false, true])
    func encryptedOpenSSHFormatKeyStillGetsTheSHA1Error(withoutPublicFile: Bool) async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "rsa", passphrase: "rsa secret")
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        if withoutPublicFile { try FileManager.default.removeItem(atPath: key.path + ".pub") }
        let target = lab.target(host, auth: [.keyFile(path: key.path, passphrase: .init("rsa secret"))])
        let phase = try await onOwnThread { try connectOnly(target) }
        #expect(phase.errorKind == .authFailed)
        #expect(phase.errorMessage.contains("key \(key.path): RSA/SHA-1 refused by server — libssh2 1.10 signs"))
        #expect(phase.errorMessage.contains("use an ed25519 or ecdsa key, a PEM copy of this key"))
    }

    @Test func unknownRSAKeyIsRefusedNamingBothSignatures() async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "rsa")
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        let target = lab.target(host, auth: [.keyFile(path: key.path, passphrase: nil)])
        let phase = try await onOwnThread { try connectOnly(target) }
        #expect(phase.errorKind == .authFailed)
        #expect(phase.errorMessage.contains("key \(key.path): not accepted (signed with rsa-sha2-512, then with ssh-rsa)"))
    }

    /// The key stays usable after an unknown one in the same session (libssh2's state
    /// after a refused rsa-sha2 login and its own ssh-rsa fallback).
    @Test func rsaKeyAfterARefusedRSAKeyLogsIn() async throws {
        let lab = try Lab.shared().manifest
        let (unknown, known) = (try TemporaryKey(type: "rsa"), try TemporaryKey(type: "rsa"))
        defer { unknown.remove(); known.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        try known.authorize(in: lab, user: host.user)
        let auth: [SSHTarget.AuthMethod] = [
            .keyFile(path: unknown.path, passphrase: nil), .keyFile(path: known.path, passphrase: nil),
        ]
        let target = lab.target(host, auth: auth)
        let phase = try await onOwnThread { try connectOnly(target) }
        #expect(phase == .ready, "\(phase)")
    }
}

/// RSA identities held by ssh-agent: Chorus asks the agent for an rsa-sha2-512
/// signature (flag SSH_AGENT_RSA_SHA2_512), which libssh2 1.10's agent code never does.
@Suite struct RSASHA2AgentTests {
    @Test func rsaAgentIdentityLogsIn() async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "rsa")
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        let agent = try SSHAgent(adding: key.path)
        defer { agent.stop() }
        let target = lab.target(host, auth: [.agent(socket: agent.socket)])
        let results = try await onOwnThread { try runCommands(target, ["echo rsa-via-agent"]) }
        #expect(results.first?.stdoutText == "rsa-via-agent\n")
    }

    @Test func unknownRSAAgentIdentityIsRefused() async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "rsa")
        defer { key.remove() }
        let agent = try SSHAgent(adding: key.path)
        defer { agent.stop() }
        let target = lab.target(try #require(lab.hosts(inGroup: "web").first), auth: [.agent(socket: agent.socket)])
        let phase = try await onOwnThread { try connectOnly(target) }
        #expect(phase.errorKind == .authFailed)
        #expect(phase.errorMessage.contains("agent: 1 identities refused"), "\(phase)")
    }
}

/// What the server sees, from its own log (an sshd of the test's own at DEBUG3).
@Suite struct RSASHA2ServerViewTests {
    /// Logs in with `key` (a file, or through an agent holding it) to an extra sshd with
    /// `extra` settings; gives the phase and the sshd's log.
    private func login(_ key: TemporaryKey, viaAgent: Bool, extra: [String]) async throws -> (SSHSession.Phase, String) {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        let server = try ExtraSSHD(lab: lab, address: host.address, extra: ["LogLevel DEBUG3"] + extra)
        defer { server.stop() }
        let agent = viaAgent ? try SSHAgent(adding: key.path) : nil
        defer { agent?.stop() }
        let auth: SSHTarget.AuthMethod = agent.map { .agent(socket: $0.socket) } ?? .keyFile(path: key.path, passphrase: nil)
        var target = lab.target(host, policy: .off, auth: [auth], timeout: 30)
        target.port = server.port
        let fixed = target
        let phase = try await onOwnThread { try connectOnly(fixed) }
        return (phase, server.log)
    }

    @Test(arguments: [false, true])
    func theServerChecksAnRSASHA2512Signature(viaAgent: Bool) async throws {
        let key = try TemporaryKey(type: "rsa")
        defer { key.remove() }
        let (phase, log) = try await login(key, viaAgent: viaAgent, extra: [])
        #expect(phase == .ready, "\(phase)")
        #expect(log.contains("publickey have rsa-sha2-512 signature for RSA"), "\(log.suffix(3000))")
        #expect(!log.contains("signature algorithm ssh-rsa"))
    }

    /// A server that takes only `ssh-rsa` refuses the rsa-sha2-512 try; libssh2's own
    /// SHA-1 login follows and logs in.
    @Test(arguments: [false, true])
    func aServerTakingOnlySSHRSAGetsTheSHA1Login(viaAgent: Bool) async throws {
        let key = try TemporaryKey(type: "rsa")
        defer { key.remove() }
        let (phase, log) = try await login(key, viaAgent: viaAgent, extra: ["PubkeyAcceptedAlgorithms ssh-rsa"])
        #expect(phase == .ready, "\(phase)")
        #expect(log.contains("signature algorithm rsa-sha2-512 not in PubkeyAcceptedAlgorithms"), "\(log.suffix(3000))")
        #expect(log.contains("publickey have ssh-rsa signature for RSA"))
    }
}
