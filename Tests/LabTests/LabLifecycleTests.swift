import Foundation
import LabSupport
import Testing

/// A lab of its own: started, used, stopped — and stopping touches nothing else.
@Suite struct LabLifecycleTests {
    @Test func stopEndsExactlyTheLabsProcessesAndRemovesItsDirectory() throws {
        let bystander = try startBystander()
        defer { kill(bystander.processIdentifier, SIGKILL) }
        let lab = try Lab.start(hosts: 40, ports: 2)
        let manifest = lab.manifest
        #expect(manifest.sshdPids.count == 3, "40 hosts at 16 sockets per sshd need 3 processes")
        #expect(Set(manifest.hosts.map(\.port)).count == 2)
        #expect(manifest.sshdPids.allSatisfy { kill($0, 0) == 0 })

        try lab.stop()

        #expect(manifest.sshdPids.allSatisfy { kill($0, 0) != 0 }, "an sshd of the lab survived stop")
        #expect(!FileManager.default.fileExists(atPath: manifest.dir))
        #expect(kill(bystander.processIdentifier, 0) == 0, "stop must not touch processes it did not start")
        #expect(throws: (any Error).self) { try readBanner(address: manifest.hosts[0].address, port: manifest.hosts[0].port) }
    }

    @Test func badArgumentsAreOneClearLine() throws {
        let run = try LabScript.runProgram(LabScript.path, ["start", "--hosts", "0"])
        #expect(run.status == 1)
        #expect(run.stderr == "chorus-lab: --hosts expects a whole number of at least 1, got '0'\n")
        let stop = try LabScript.runProgram(LabScript.path, ["stop", "--dir", "/nonexistent-lab"])
        #expect(stop.status == 1)
        #expect(stop.stderr == "chorus-lab: no lab in '/nonexistent-lab'\n")
    }

    /// A process this test owns that is not part of any lab.
    private func startBystander() throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sleep")
        process.arguments = ["60"]
        try process.run()
        return process
    }
}
