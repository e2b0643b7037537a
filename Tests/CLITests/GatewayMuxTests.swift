import Foundation
import Glibc
import LabSupport
import Testing

/// The session mux keeps gateways' relays as it keeps local workers: a later one-shot
/// run reaches the hosts behind a gateway over the sessions the first run opened there.
extension GatewayTests {
    @Test func theMuxKeepsTheGatewayRelayAndTheSessionsBehindIt() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 2)
        defer { setup.remove() }
        let runtime = try SessionMuxTests.Runtime(lab)
        let run = { (words: [String]) throws -> LabScript.Output in try setup.chorus(words, mux: runtime) }
        let first = try run(["--persist", "1m", "-w", "t[1-2],web01", "echo $SSH_CONNECTION"])
        let pid = try runtime.muxPID()
        defer { try? runtime.finish(pid) }
        #expect(first.status == 0, "\(first.stderr)")
        try #require(pid != nil, "--persist left a mux running")
        let status = try runtime.status().stdout
        #expect(status.contains("gateways     1: gw (pid "), "\(status)")

        let second = try run(["-w", "t[1-2],web01", "echo $SSH_CONNECTION"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(Self.clientPorts(second.stdout) == Self.clientPorts(first.stdout) && Self.clientPorts(first.stdout).count == 3,
                "the second run came over the same sessions, behind the gateway too: \(first.stdout) \(second.stdout)")
        let json = try run(["-o", "json", "-w", "t1", "exit 3"])
        let objects = try jsonObjects(json.stdout)
        #expect(json.status == 5 && objects.first?["exit_code"] as? Int == 3, "\(json.stdout) \(json.stderr)")
    }

    @Test func aRelayThatDiedInTheMuxIsStartedAgainForTheNextRun() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 1)
        defer { setup.remove() }
        let runtime = try SessionMuxTests.Runtime(lab)
        let run = { (words: [String]) throws -> LabScript.Output in try setup.chorus(words, mux: runtime) }
        let first = try run(["--persist", "1m", "-w", "t1", "echo $SSH_CONNECTION"])
        let pid = try runtime.muxPID()
        defer { try? runtime.finish(pid) }
        #expect(first.status == 0, "\(first.stderr)")
        let relay = try #require(Self.relayPID(in: try runtime.status().stdout), "the mux holds the gateway's relay")
        kill(relay, SIGKILL)
        let second = try run(["-w", "t1", "echo $SSH_CONNECTION"])
        #expect(second.status == 0, "a relay lost at home costs a login, not the run: \(second.stderr)")
        #expect(Self.clientPorts(second.stdout)["t1"] != nil && Self.clientPorts(second.stdout) != Self.clientPorts(first.stdout))
        let now = Self.relayPID(in: try runtime.status().stdout)
        #expect(now != nil && now != relay, "a new relay was kept: \(String(describing: now))")
        try runtime.finish(pid)
        #expect(Self.waitUntil(seconds: 10) { setup.farWorkers().isEmpty }, "the gateway's worker exited with the mux")
    }

    /// Host → client port, from `host: client-address client-port server-address server-port` lines.
    static func clientPorts(_ stdout: String) -> [String: String] {
        var ports: [String: String] = [:]
        for line in stdout.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count >= 3 { ports[String(words[0].dropLast())] = String(words[2]) }
        }
        return ports
    }

    /// The relay's pid from `chorus mux status`'s `gateways` line.
    static func relayPID(in status: String) -> pid_t? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("gateways") }),
              let range = line.range(of: "(pid ") else { return nil }
        return pid_t(line[range.upperBound...].prefix { $0.isNumber })
    }
}

extension GatewayTests {
    /// Puts through a gateway whose relay the mux keeps: each run's file arrives, the
    /// relay is the same one, and the first put's staged copy is gone after the second.
    @Test func putsThroughTheMuxsGatewayRelayArriveAndLeaveOneStagedCopy() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 1)
        defer { setup.remove() }
        let runtime = try SessionMuxTests.Runtime(lab)
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        try local.write("one.bin", Data((0..<8192).map { _ in UInt8.random(in: 0...255) }))
        try local.write("two.bin", Data((0..<8192).map { _ in UInt8.random(in: 0...255) }))
        let first = try setup.chorus(["--persist", "1m", "put", "-w", "t1", local.path("one.bin"), remote.dir + "/"], mux: runtime)
        let pid = try runtime.muxPID()
        defer { try? runtime.finish(pid) }
        #expect(first.status == 0, "\(first.stderr)")
        let relay = Self.relayPID(in: try runtime.status().stdout)
        let second = try setup.chorus(["put", "-w", "t1", local.path("two.bin"), remote.dir + "/"], mux: runtime)
        #expect(second.status == 0, "\(second.stderr)")
        let relayAfter = Self.relayPID(in: try runtime.status().stdout)
        #expect(relay != nil && relayAfter == relay, "the same relay carried both puts")
        #expect(remote.contents("one.bin") == local.contents("one.bin") && remote.contents("two.bin") == local.contents("two.bin"))
        let cache = try setup.gatewayCache()
        let stagedOne = (try? FileManager.default.contentsOfDirectory(atPath: cache))?.filter { $0.hasPrefix("stage-") }
            .flatMap { folder in ((try? FileManager.default.contentsOfDirectory(atPath: "\(cache)/\(folder)")) ?? []).map { "\(cache)/\(folder)/\($0)" } }
            .filter { FileManager.default.contents(atPath: $0) == local.contents("one.bin") } ?? []
        #expect(stagedOne.isEmpty, "the first put's copy went when the second started: \(stagedOne)")
    }
}
