import LabSupport
import Testing
import WorkerProtocol

/// The hello-first rule and the output window arithmetic.
@Suite struct HandshakeTests {
    @Test func acceptsAHelloFromTheExpectedRole() throws {
        let hello = Hello(role: .worker, software: "chorus 0.1.0")
        #expect(try Handshake.accept(.hello(hello), from: .worker) == hello)
    }

    @Test func refusesAnythingElse() {
        #expect(throws: FrameError.handshake("expected hello as the first frame, got exec")) {
            try Handshake.accept(.exec(ExecJob(jobID: 1, hostID: 1, command: "id")), from: .shell)
        }
        #expect(throws: FrameError.handshake("expected a hello from the worker, got one from the shell (\"x\")")) {
            try Handshake.accept(.hello(Hello(role: .shell, software: "x")), from: .worker)
        }
        #expect(throws: FrameError.unsupportedVersion(9)) {
            try Handshake.accept(.hello(Hello(version: 9, role: .worker, software: "x")), from: .worker)
        }
    }

    @Test func directionsFollowTheKindNumbers() {
        #expect(FrameKind.exec.sender == .shell)
        #expect(FrameKind.output.sender == .worker)
        #expect(FrameKind.bye.sender == .either)
        #expect(FrameKind.allCases.filter { $0.sender == .either } == [.hello, .bye, .log])
    }
}

@Suite struct FlowControlTests {
    @Test func workerStopsAtTheWindowAndResumesOnCredit() {
        var allowance = OutputAllowance()
        #expect(allowance.available == 1 << 20)
        allowance.spend(FrameLimits.recommendedOutputChunk * 16)
        #expect(allowance.isExhausted)
        allowance.grant(UInt32(FrameLimits.recommendedOutputChunk))
        #expect(allowance.available == FrameLimits.recommendedOutputChunk)
        allowance.spend(.max)
        #expect(allowance.available == 0)
        allowance.spend(-5)
        #expect(allowance.available == 0)
    }

    @Test func grantsSaturate() {
        var allowance = OutputAllowance(window: .max)
        allowance.grant(.max)
        #expect(allowance.available == .max)
    }

    @Test func shellSendsCreditInBatches() {
        var credit = CreditAccumulator()
        #expect(credit.consumed(100) == nil)
        #expect(credit.consumed(FlowControl.creditThreshold - 100) == UInt32(FlowControl.creditThreshold))
        #expect(credit.pending == 0)
        #expect(credit.consumed(7) == nil)
        #expect(credit.flush() == 7)
        #expect(credit.flush() == nil)
        #expect(credit.consumed(.max) == UInt32.max)
    }

    /// A worker and a shell running the two helpers never exceed the window, and every
    /// byte sent is eventually credited back.
    @Test func simulatedJobStaysWithinTheWindow() {
        var allowance = OutputAllowance()
        var credit = CreditAccumulator()
        var inFlight = 0
        var random = SeededRandom(seed: 11)
        for _ in 0..<10_000 {
            let chunk = min(allowance.available, Int.random(in: 1...FrameLimits.recommendedOutputChunk, using: &random))
            allowance.spend(chunk)
            inFlight += chunk
            #expect(inFlight <= FlowControl.windowBytes)
            let eaten = Int.random(in: 0...inFlight, using: &random)
            inFlight -= eaten
            if let bytes = credit.consumed(eaten) { allowance.grant(bytes) }
        }
        if let bytes = credit.consumed(inFlight) ?? credit.flush() { allowance.grant(bytes) }
        #expect(allowance.available == FlowControl.windowBytes)
    }
}
