import Foundation
import LabSupport
import Secrets
import SSHClient
import Testing

/// `sudo` on real hosts: the lab's `chorus-lab` is a sudoer with its password (the web
/// hosts), `chorus-lab2` one with NOPASSWD (the db hosts). The password answers sudo's
/// prompt once; the prompt, the password and sudo's chatter never reach the output.
@Suite struct SudoTests {
    @Test func thePasswordAnswersSudosPromptAndNothingOfItShows() async throws {
        let (target, password) = try Self.passwordSudoer()
        let result = try await onOwnThread {
            try Self.run(target, "id -u; echo done >&2", sudo: SudoRequest(password: Secret(password)))
        }
        #expect(result.outcome == .exited(0), "\(result.stderrText)")
        #expect(result.stdoutText == "0\n")
        #expect(result.stderrText == "done\n", "sudo's prompt or chatter leaked")
        #expect(!result.stdoutText.contains(password) && !result.stderrText.contains(password))
    }

    @Test func aWrongPasswordFailsInOneLineAndIsNotRetried() async throws {
        let (target, _) = try Self.passwordSudoer()
        let result = try await onOwnThread { try Self.run(target, "id -u", sudo: SudoRequest(password: Secret("not-it"))) }
        #expect(result.outcome == .failed(SSHError(.sudo, "authentication failed")))
        #expect(result.stdout.isEmpty && result.stderr.isEmpty, "\(result.stdoutText)\(result.stderrText)")
    }

    @Test func aHostThatAsksWithNoPasswordToGiveFailsSayingSo() async throws {
        let (target, _) = try Self.passwordSudoer()
        let result = try await onOwnThread { try Self.run(target, "id -u", sudo: SudoRequest(password: nil)) }
        guard case .failed(let error)? = result.outcome else { Issue.record("\(String(describing: result.outcome))"); return }
        #expect(error.kind == .sudo && error.message.contains("a password is required"))
    }

    @Test func noPasswordHostsJustRun() async throws {
        let lab = try Lab.shared().manifest
        let target = lab.target(try #require(lab.hosts(inGroup: "db").first))
        let result = try await onOwnThread { try Self.run(target, "id -un", sudo: SudoRequest(password: nil)) }
        #expect(result.outcome == .exited(0))
        #expect(result.stdoutText == "root\n")
    }

    @Test func inputFollowsThePasswordAndCommandsReadingNoneGetEndOfFile() async throws {
        let (target, password) = try Self.passwordSudoer()
        let (piped, unpiped) = try await onOwnThread { () -> (CommandResult, CommandResult) in
            let piped = try Self.run(target, "cat", sudo: SudoRequest(password: Secret(password)), input: MemoryInput(Array("data\n".utf8)))
            let unpiped = try Self.run(target, "cat; echo end", sudo: SudoRequest(password: Secret(password)))
            return (piped, unpiped)
        }
        #expect(piped.stdoutText == "data\n", "the password went to the command, or the input to sudo")
        #expect(unpiped.outcome == .exited(0))
        #expect(unpiped.stdoutText == "end\n")
    }

    static func passwordSudoer() throws -> (SSHTarget, String) {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").dropFirst(3).first)
        return (lab.target(host), try #require(lab.password(for: host.user), "the lab runs without root: no passwords"))
    }

    static func run(_ target: SSHTarget, _ command: String, sudo: SudoRequest, input: MemoryInput? = nil) throws -> CommandResult {
        let loop = try SSHEventLoop()
        let session = loop.connect(target)
        let box = ResultBox()
        session.exec(command, input: input, sudo: sudo, handler: box.record)
        _ = loop.run(limit: 30) { box.isDone }
        return box.result
    }
}
