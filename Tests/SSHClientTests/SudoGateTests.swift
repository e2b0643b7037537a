@testable import SSHClient
import Testing

/// The sudo gate on its own: prompts answered once, markers found however the stream
/// is split, sudo's chatter dropped, its reason kept when the command never starts.
@Suite struct SudoGateTests {
    static let nonce = "00ab"
    static var prompt: String { SudoGate.promptText(nonce) }
    static var started: String { SudoGate.startedText(nonce) }

    /// Feeds `chunks`; returns what passed and the actions, in order.
    static func feed(_ chunks: [String], password: Bool = true) -> (passed: String, actions: [SudoGate.Action], phase: SudoGate.Phase) {
        var gate = SudoGate(nonce: nonce, hasPassword: password)
        var passed: [UInt8] = []
        var actions: [SudoGate.Action] = []
        for chunk in chunks {
            let (pass, action) = gate.filter(Array(chunk.utf8))
            passed += pass
            if action != .none { actions.append(action) }
        }
        passed += gate.flush()
        return (String(decoding: passed, as: UTF8.self), actions, gate.phase)
    }

    @Test func aPromptIsAnsweredThenTheCommandsOwnOutputFlows() {
        let run = Self.feed(["lecture\n" + Self.prompt, "\n" + Self.started + "err1\n", "err2\n"])
        #expect(run.actions == [.sendPassword])
        #expect(run.passed == "err1\nerr2\n")
        #expect(run.phase == .started)
    }

    @Test(arguments: [1, 2, 3, 7])
    func markersSplitAnywhereAreFound(piece: Int) {
        let text = Self.prompt + "\n" + Self.started + "out\n"
        let chunks = stride(from: 0, to: text.utf8.count, by: piece).map {
            String(decoding: Array(text.utf8)[$0..<min(text.utf8.count, $0 + piece)], as: UTF8.self)
        }
        let run = Self.feed(chunks)
        #expect(run.actions == [.sendPassword])
        #expect(run.passed == "out\n")
    }

    @Test func noPromptNoPassword() {
        #expect(Self.feed([Self.started + "x\n"], password: false).passed == "x\n")
    }

    @Test func aSecondPromptIsAFailureAndSudosComplaintIsDropped() {
        let run = Self.feed([Self.prompt, "\nSorry, try again.\n" + Self.prompt, "sudo: 1 incorrect password attempt\n"])
        #expect(run.actions == [.sendPassword, .fail("authentication failed")])
        #expect(run.passed == "")
        #expect(run.phase == .failed)
    }

    @Test func aPromptWithNoPasswordToGiveFails() {
        let run = Self.feed([Self.prompt], password: false)
        guard case .fail(let reason)? = run.actions.first else { Issue.record("\(run.actions)"); return }
        #expect(reason.contains("a password is required"))
    }

    @Test func whenTheCommandNeverStartsSudosReasonIsPassedOn() {
        #expect(Self.feed(["sh: 1: sudo: not found\n"]).passed == "sh: 1: sudo: not found\n")
    }

    @Test func aMarkerOfAnotherNonceIsNotTaken() {
        let run = Self.feed([SudoGate.startedText("ffff") + SudoGate.promptText("ffff")])
        #expect(run.actions.isEmpty)
        #expect(run.phase == .waiting)
    }

    @Test func theCommandLineQuotesTheCommandAsOneWord() {
        let line = SudoGate.command("echo 'a b'; exit 3", nonce: Self.nonce)
        #expect(line.hasPrefix("sudo -S -p 'chorus:sudo=00ab:' -- sh -c '"))
        #expect(line.hasSuffix("echo '\\''a b'\\''; exit 3'"))
    }
}
