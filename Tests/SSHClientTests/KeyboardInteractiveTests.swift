import Foundation
import LabSupport
import Secrets
import SSHClient
import Testing

/// A password through keyboard-interactive, against a real sshd with PAM
/// (`KbdInteractiveAuthentication yes`, `PasswordAuthentication no`, as on PAM estates).
@Suite struct KeyboardInteractiveTests {
    static let kbdintOnly = ["KbdInteractiveAuthentication yes", "PasswordAuthentication no"]

    @Test func rightPasswordLogsInAndRunsACommand() async throws {
        let (lab, host, password) = try Self.passwordHost()
        let server = try ExtraSSHD(lab: lab, address: host.address, extra: Self.kbdintOnly, pam: PAMStack.password)
        defer { server.stop() }
        let run = try await Self.login(lab, host, port: server.port, password: password, command: "id -un")
        #expect(run.phase == .ready, "\(run.phase)")
        #expect(run.method == "keyboard-interactive")
        #expect(run.result?.stdoutText == "\(host.user)\n")
        #expect(run.result?.outcome == .exited(0))
    }

    @Test func wrongPasswordIsRefusedInTheSameWordsAsPassword() async throws {
        let (lab, host, _) = try Self.passwordHost()
        let server = try ExtraSSHD(lab: lab, address: host.address, extra: Self.kbdintOnly, pam: PAMStack.password)
        defer { server.stop() }
        let run = try await Self.login(lab, host, port: server.port, password: "wrong-password-kbd")
        #expect(run.phase.errorKind == .authFailed)
        #expect(run.phase.errorMessage.contains("keyboard-interactive: refused"), "\(run.phase.errorMessage)")
        #expect(!run.phase.errorMessage.contains("wrong-password-kbd"), "a password must never appear in an error")
        #expect(!run.phase.errorMessage.contains("\n"))
    }

    /// After the password, pam_ftp asks for an e-mail address: the host fails with that
    /// question in its error, at once, and the question is not answered with the password.
    @Test func aQuestionThatIsNoPasswordPromptFailsTheHostQuotingIt() async throws {
        let (lab, host, password) = try Self.passwordHost()
        let server = try ExtraSSHD(lab: lab, address: host.address, extra: Self.kbdintOnly,
                                   pam: PAMStack.passwordThenQuestion(user: host.user))
        defer { server.stop() }
        let run = try await Self.login(lab, host, port: server.port, password: password)
        let message = run.phase.errorMessage
        #expect(run.phase.errorKind == .authFailed)
        #expect(message.contains(
            "keyboard-interactive: cannot answer the server's prompt \"Guest login ok, send your complete e-mail address as password.\""),
            "\(message)")
        #expect(!message.contains(password))
        #expect(!message.contains("\n"))
    }

    /// The `password` method stays first when the server offers both.
    @Test func passwordMethodIsPreferredWhenBothAreOffered() async throws {
        let (lab, host, password) = try Self.passwordHost()
        let server = try ExtraSSHD(lab: lab, address: host.address,
                                   extra: ["KbdInteractiveAuthentication yes", "PasswordAuthentication yes"], pam: PAMStack.password)
        defer { server.stop() }
        let run = try await Self.login(lab, host, port: server.port, password: password)
        #expect(run.phase == .ready, "\(run.phase)")
        #expect(run.method == "password")
    }

    /// A key the server refuses, then the password by keyboard-interactive.
    @Test func keyboardInteractiveFollowsARefusedKey() async throws {
        let (lab, host, password) = try Self.passwordHost()
        let server = try ExtraSSHD(lab: lab, address: host.address, extra: Self.kbdintOnly, pam: PAMStack.password)
        defer { server.stop() }
        let key = try TemporaryKey(type: "ed25519")
        defer { key.remove() }
        let auth: [SSHTarget.AuthMethod] = [.keyFile(path: key.path, passphrase: nil), .password(Secret(password))]
        let run = try await Self.login(lab, host, port: server.port, auth: auth)
        #expect(run.phase == .ready, "\(run.phase)")
        #expect(run.method == "keyboard-interactive")
    }

    // MARK: - Helpers

    struct Login: Sendable {
        var phase: SSHSession.Phase
        var method: String?
        var result: CommandResult?
    }

    static func passwordHost() throws -> (LabManifest, LabManifest.Host, String) {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first { $0.auth == "password" })
        return (lab, host, try #require(lab.password(for: host.user)))
    }

    static func login(_ lab: LabManifest, _ host: LabManifest.Host, port: Int, password: String,
                      command: String? = nil) async throws -> Login {
        try await login(lab, host, port: port, auth: [.password(Secret(password))], command: command)
    }

    /// Connects (host keys unchecked: the extra sshd's port is new), runs `command` if
    /// given, and says where the session ended up and which method logged it in.
    static func login(_ lab: LabManifest, _ host: LabManifest.Host, port: Int, auth: [SSHTarget.AuthMethod],
                      command: String? = nil) async throws -> Login {
        var target = lab.target(host, policy: .off, auth: auth, timeout: 15)
        target.port = port
        let fixed = target
        return try await onOwnThread {
            let loop = try SSHEventLoop()
            let session = loop.connect(fixed)
            _ = loop.run(limit: 20) { session.phase == .ready || session.isFinished }
            guard let command, session.phase == .ready else {
                return Login(phase: session.phase, method: session.authenticatedWith)
            }
            let box = ResultBox()
            _ = session.exec(command, handler: box.record)
            _ = loop.run(limit: 20) { box.isDone }
            return Login(phase: session.phase, method: session.authenticatedWith, result: box.result)
        }
    }
}
