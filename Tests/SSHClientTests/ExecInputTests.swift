import Digests
import Foundation
import LabSupport
import SSHClient
import Testing

/// Input held in memory, for feeding one command; `ends: false` never ends (a pipe the
/// operator keeps open).
final class MemoryInput: ExecInput {
    private let bytes: [UInt8]
    private let ends: Bool
    private(set) var offset = 0
    private(set) var closed = false

    init(_ bytes: [UInt8], ends: Bool = true) {
        self.bytes = bytes
        self.ends = ends
    }

    func peek(limit: Int) -> ArraySlice<UInt8> { bytes[offset..<min(bytes.count, offset + limit)] }
    func take(_ count: Int) { offset += count }
    var hasEnded: Bool { ends && offset == bytes.count }
    func close() { closed = true }
}

/// A command's standard input forwarded over its channel: every byte, then end-of-file;
/// a command that reads none still ends; and the wrapper's watchdog, which cannot take
/// the input's end-of-file for a lost connection any more, still ends a command whose
/// connection goes.
@Suite struct ExecInputTests {
    @Test func inputReachesTheCommandThenEndOfFile() async throws {
        let target = try Self.target()
        let (result, closed) = try await onOwnThread { try Self.run(target, "sort -r; echo end", MemoryInput(Array("a\nb\nc\n".utf8))) }
        #expect(result.outcome == .exited(0))
        #expect(result.stdoutText == "c\nb\na\nend\n")
        #expect(closed)
    }

    @Test func fourMegabytesArriveByteExact() async throws {
        var generator = SeededRandom(seed: 16)
        let bytes = (0..<(4 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let target = try Self.target()
        let (result, _) = try await onOwnThread { try Self.run(target, "sha256sum", MemoryInput(bytes)) }
        #expect(result.outcome == .exited(0))
        #expect(result.stdoutText.hasPrefix(SHA256.hex(SHA256.hash(bytes)) + " "))
    }

    @Test func aCommandThatReadsNoInputEndsWhileInputIsStillOpen() async throws {
        let target = try Self.target()
        let (result, closed) = try await onOwnThread { try Self.run(target, "echo hi", MemoryInput([], ends: false)) }
        #expect(result.outcome == .exited(0))
        #expect(result.stdoutText == "hi\n")
        #expect(closed)
    }

    @Test(arguments: zip(ExecWrapperTests.shells, ["61.51", "61.52", "61.53"]))
    func aCommandReadingInputEndsWhenItsConnectionGoes(shell: String, tag: String) async throws {
        let lab = try Lab.shared().manifest
        let (server, target) = try ExecWrapperTests.loginShellServer(lab, shell: shell, banner: false)
        defer { server.stop() }
        let (started, sshds) = try await onOwnThread { () -> (Bool, [pid_t]) in
            let loop = try SSHEventLoop()
            let session = loop.connect(target)
            session.exec("sleep \(tag)", input: MemoryInput(Array("x\n".utf8), ends: false)) { _ in }
            let started = loop.run(limit: 30) { (try? remoteCount("sleep \(tag)")) == 1 }
            return (started, server.killSSHDProcesses())
        }
        #expect(started, "the command never started")
        #expect(!sshds.isEmpty, "no sshd process to kill")
        #expect(try waitUntilGone("sleep \(tag)"), "the command outlived its connection under \(shell)")
    }

    static func target() throws -> SSHTarget {
        let lab = try Lab.shared().manifest
        return lab.target(try #require(lab.hosts(inGroup: "web").dropFirst(4).first))
    }

    /// The command's result, and whether the channel released its input.
    static func run(_ target: SSHTarget, _ command: String, _ input: MemoryInput) throws -> (CommandResult, closed: Bool) {
        let loop = try SSHEventLoop()
        let session = loop.connect(target)
        let box = ResultBox()
        session.exec(command, input: input, handler: box.record)
        _ = loop.run(limit: 30) { box.isDone }
        return (box.result, input.closed)
    }
}
