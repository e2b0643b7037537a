import LabSupport
@testable import SSHClient
import Testing

/// Handshakes are admitted in a window, and a host's connect timeout runs from its own
/// TCP connect: hosts held back by the window never time out for having waited.
@Suite struct HandshakeWindowTests {
    @Test func aNarrowWindowLetsFewLogInAtOnceAndNoneTimesOutForWaiting() async throws {
        let lab = try Lab.shared().manifest
        let hosts = Array(lab.hosts(inGroup: "web").prefix(40))
        // 40 logins two at a time take longer than one host's 1 s timeout: counted from
        // the start they would fail, counted from each TCP connect they must not.
        let (phases, mostAtOnce) = try await onOwnThread { () -> ([SSHSession.Phase], Int) in
            let loop = try SSHEventLoop()
            loop.handshakeWindow = HandshakeWindow(fixed: 2)
            let sessions = hosts.map { loop.connect(lab.target($0, timeout: 1)) }
            var most = 0
            for _ in 0..<20_000 where !sessions.allSatisfy({ $0.phase == .ready || $0.isFinished }) {
                loop.runOnce(maxWait: 0.05)
                most = max(most, sessions.count(where: \.isLoggingIn))
            }
            defer { sessions.forEach(loop.remove) }
            return (sessions.map(\.phase), most)
        }
        #expect(phases.allSatisfy { $0 == .ready }, "\(phases.filter { $0 != .ready })")
        #expect(mostAtOnce <= 2, "at most the window's size log in at once")
        #expect(mostAtOnce >= 1)
    }

    @Test func theWindowWidensOnFastLoginsAndHalvesOnSlowOnes() {
        var window = HandshakeWindow(initial: 16, minimum: 8, maximum: 20)
        for _ in 0..<10 { window.loggedIn(after: 0.1, timeout: 10) }
        #expect(window.size == 20, "grows by one per fast login, up to the maximum")
        window.loggedIn(after: 6, timeout: 10)
        #expect(window.size == 10)
        window.timedOut()
        #expect(window.size == 8, "never below the minimum")
        window.loggedIn(after: 3, timeout: 10)
        #expect(window.size == 8, "a login in the middle band leaves it")
        var fixed = HandshakeWindow(fixed: 3)
        fixed.timedOut()
        fixed.loggedIn(after: 0.01, timeout: 10)
        #expect(fixed.size == 3)
    }
}
