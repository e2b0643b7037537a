import Foundation
import LabSupport
import Secrets
import SSHClient
import Testing

/// Hosts behind a bastion (ProxyJump): one SSH session to the bastion per event loop,
/// shared by every host behind it through `direct-tcpip` channels; the bastion's host
/// key is checked like any host's; a bastion that fails, or is lost mid-command, fails
/// each host behind it in its own words.
@Suite struct BastionTests {
    @Test func hostsBehindABastionShareItsOneSession() async throws {
        let lab = try Lab.shared().manifest
        let bastion = try Self.bastion(lab)
        defer { bastion.server.stop() }
        let hosts = Array(lab.hosts(inGroup: "web").prefix(6))
        let (results, connections) = try await onOwnThread { () -> ([CommandResult], Int) in
            let loop = try SSHEventLoop()
            let boxes = hosts.map { host in
                var target = lab.target(host)
                target.jumps = [bastion.target]
                let box = ResultBox()
                loop.connect(target).exec("echo $SSH_CONNECTION | cut -d' ' -f3", handler: box.record)
                return box
            }
            _ = loop.run(limit: 30) { boxes.allSatisfy(\.isDone) }
            return (boxes.map(\.result), bastion.server.connectionCount())
        }
        for (host, result) in zip(hosts, results) {
            #expect(result.outcome == .exited(0), "\(host.name): \(String(describing: result.outcome))")
            #expect(result.stdoutText == host.address + "\n", "\(host.name) answered on its own address")
        }
        #expect(connections == 1, "the bastion saw \(connections) connections for \(hosts.count) hosts")
    }

    @Test func aTunnelCarriesMegabytesBothWays() async throws {
        let lab = try Lab.shared().manifest
        let bastion = try Self.bastion(lab)
        defer { bastion.server.stop() }
        var first = lab.target(try #require(lab.hosts(inGroup: "web").first))
        first.jumps = [bastion.target]
        let target = first
        let bytes = [UInt8](repeating: 0x61, count: 3 << 20)
        let result = try await onOwnThread { () -> CommandResult in
            let loop = try SSHEventLoop()
            let box = ResultBox()
            loop.connect(target).exec("wc -c; head -c 5000000 /dev/zero | wc -c", input: MemoryInput(bytes), handler: box.record)
            _ = loop.run(limit: 60) { box.isDone }
            return box.result
        }
        #expect(result.outcome == .exited(0))
        #expect(result.stdoutText == "3145728\n5000000\n")
    }

    @Test func aBastionThatRefusesFailsEachHostBehindItInItsWords() async throws {
        let lab = try Lab.shared().manifest
        let bastion = try Self.bastion(lab)
        defer { bastion.server.stop() }
        var wrong = bastion.target
        wrong.auth = [.password(Secret("not-the-password"))]
        let refusing = wrong
        let hosts = Array(lab.hosts(inGroup: "web").prefix(2))
        let phases = try await onOwnThread { () -> [SSHSession.Phase] in
            let loop = try SSHEventLoop()
            let sessions = hosts.map { host in
                var target = lab.target(host)
                target.jumps = [refusing]
                return loop.connect(target)
            }
            _ = loop.run(limit: 30) { sessions.allSatisfy(\.isFinished) }
            return sessions.map(\.phase)
        }
        for phase in phases {
            #expect(phase.errorKind == .authFailed)
            #expect(phase.errorMessage.hasPrefix("bastion bastion-1: authentication failed"), "\(phase.errorMessage)")
        }
    }

    @Test func aBastionLostMidCommandFailsTheHostsBehindIt() async throws {
        let lab = try Lab.shared().manifest
        let bastion = try Self.bastion(lab)
        defer { bastion.server.stop() }
        let hosts = Array(lab.hosts(inGroup: "web").prefix(2))
        let outcomes = try await onOwnThread { () -> [ExecOutcome?] in
            let loop = try SSHEventLoop()
            let boxes = hosts.map { host in
                var target = lab.target(host)
                target.jumps = [bastion.target]
                let box = ResultBox()
                loop.connect(target).exec("echo up; sleep 30", handler: box.record)
                return box
            }
            _ = loop.run(limit: 30) { boxes.allSatisfy { $0.result.stdoutText == "up\n" } }
            bastion.server.killConnections()
            _ = loop.run(limit: 60) { boxes.allSatisfy(\.isDone) }
            return boxes.map(\.result.outcome)
        }
        for outcome in outcomes {
            guard case .failed(let error)? = outcome else { Issue.record("\(String(describing: outcome))"); continue }
            #expect(error.message.hasPrefix("bastion bastion-1: "), "\(error.message)")
        }
    }

    /// One more sshd on the lab's first web address that forwards TCP, with a target for it.
    static func bastion(_ lab: LabManifest) throws -> (server: ExtraSSHD, target: SSHTarget) {
        let host = try #require(lab.hosts(inGroup: "web").last)
        let server = try ExtraSSHD(lab: lab, address: host.address, extra: ["AllowTcpForwarding yes"])
        var target = lab.target(host, policy: .off)
        target.port = server.port
        target.label = "bastion-1"
        return (server, target)
    }

    /// A chain: the second bastion is reached through the first, the host through the
    /// second; each bastion sees one connection.
    @Test func aChainOfTwoBastionsReachesTheHost() async throws {
        let lab = try Lab.shared().manifest
        let first = try Self.bastion(lab)
        defer { first.server.stop() }
        let web = try #require(lab.hosts(inGroup: "web").dropLast().last)
        let second = try ExtraSSHD(lab: lab, address: web.address, extra: ["AllowTcpForwarding yes"])
        defer { second.stop() }
        var secondTarget = lab.target(web, policy: .off)
        secondTarget.port = second.port
        secondTarget.label = "bastion-2"
        var target = lab.target(try #require(lab.hosts(inGroup: "web").first))
        target.jumps = [first.target, secondTarget]
        let chained = target
        let (result, counts) = try await onOwnThread { () -> (CommandResult, [Int]) in
            let loop = try SSHEventLoop()
            let box = ResultBox()
            loop.connect(chained).exec("echo through", handler: box.record)
            _ = loop.run(limit: 30) { box.isDone }
            return (box.result, [first.server.connectionCount(), second.connectionCount()])
        }
        #expect(result.outcome == .exited(0), "\(String(describing: result.outcome))")
        #expect(result.stdoutText == "through\n")
        #expect(counts == [1, 1], "connections seen by the two bastions: \(counts)")
    }
}
