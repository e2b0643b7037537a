import Foundation
import LabSupport
import SSHClient
import Testing

/// Cancelling really stops the remote process, with and without a pty; a frozen
/// peer is noticed by keepalive instead of hanging.
@Suite struct CancelTests {
    @Test(arguments: [false, true])
    func cancelStopsTheRemoteProcess(pty: Bool) async throws {
        let lab = try Lab.shared().manifest
        let target = lab.target(try #require(lab.hosts(inGroup: "web").dropFirst(2).first))
        let tag = pty ? "31.7" : "31.3"
        let (outcome, leftover) = try await onOwnThread { () -> (ExecOutcome?, String) in
            let loop = try SSHEventLoop()
            let session = loop.connect(target)
            let box = ResultBox()
            let channel = session.exec("sleep \(tag); echo never", pty: pty, handler: box.record)
            _ = loop.run(limit: 1.5) { false }  // let it start
            channel.cancel()
            _ = loop.run(limit: 10) { box.isDone }
            let check = ResultBox()
            // The bracket keeps pgrep from matching its own command line.
            session.exec("pgrep -f 'sleep \(tag.prefix(1))[\(tag.dropFirst().prefix(1))]\(tag.dropFirst(2))' || echo none", handler: check.record)
            _ = loop.run(limit: 10) { check.isDone }
            return (box.result.outcome, check.result.stdoutText)
        }
        #expect(outcome == .cancelled(timedOut: false))
        #expect(leftover == "none\n", "the remote sleep survived the cancel")
    }

    @Test func frozenServerIsDetectedByKeepalive() async throws {
        let lab = try Lab.start(hosts: 1, ports: 1)
        defer { try? lab.stop() }
        let manifest = lab.manifest
        var target = manifest.target(try #require(manifest.hosts.first))
        target.keepaliveInterval = 1
        target.keepaliveCountMax = 2
        let fixed = target
        let outcome = try await onOwnThread { () -> ExecOutcome? in
            let loop = try SSHEventLoop()
            let session = loop.connect(fixed)
            let first = ResultBox()
            session.exec("echo warm", handler: first.record)
            _ = loop.run(limit: 10) { first.isDone }
            let frozen = ProcessTree.descendants(of: manifest.sshdPids)
            frozen.forEach { kill($0, SIGSTOP) }
            defer { frozen.forEach { kill($0, SIGCONT) } }
            let second = ResultBox()
            session.exec("echo after", handler: second.record)
            _ = loop.run(limit: 15) { second.isDone }
            return second.result.outcome
        }
        guard case .failed(let error)? = outcome else {
            Issue.record("expected a keepalive failure, got \(String(describing: outcome))")
            return
        }
        #expect(error.kind == .disconnected)
        #expect(error.message.contains("keepalive"))
    }
}
