import Foundation
import LabSupport
import Testing

/// Hosts that only a bastion can reach (`BastionNetwork`: namespaces, a private subnet
/// the root namespace has an `unreachable` route for, no forwarding on the bastion):
/// directly they are unreachable; through the bastion every one answers, seen coming
/// from the bastion's inner address, over one bastion session per worker.
@Suite(.serialized) struct BastionNetworkTests {
    @Test func privateHostsAnswerOnlyThroughTheBastionOnOneSessionPerWorker() throws {
        let lab = try Lab.shared().manifest
        let network = try BastionNetwork(lab: lab, targets: 4)
        defer { network.stop() }
        let inventory = try Self.inventory(lab, network)
        defer { inventory.remove() }
        let knownHosts = inventory.path + "-known_hosts"
        defer { try? FileManager.default.removeItem(atPath: knownHosts) }
        let arguments = ["-i", inventory.path, "--known-hosts", knownHosts, "-t", "3", "-o", "json"]

        let direct = try chorus(arguments + ["-w", "private[1-4]", "true"])
        #expect(direct.status == 4, "\(direct.stderr)")
        let refused = try jsonObjects(direct.stdout)
        #expect(refused.count == 4)
        for object in refused {
            #expect((object["error"] as? String)?.hasPrefix("unreachable: ") == true, "\(object)")
        }

        let sleep = "sleep 12.5625"
        let program = try RunningProgram(BinaryTests.binary, arguments + [
            "-J", "gateway", "--workers", "2", "-w", "private[1-4]", "echo $SSH_CONNECTION; \(sleep)"])
        try waitForRemote(sleep, count: 4)
        let connections = network.bastionConnectionCount()
        let run = try program.wait()
        #expect(run.status == 0, "\(run.stderr)")
        let answers = try BastionCommandTests.answers(run)
        for (index, address) in network.targetAddresses.enumerated() {
            let fields = answers["private\(index + 1)"]?.split(separator: " ").map(String.init) ?? []
            #expect(fields.count == 4 && fields[0] == network.bastionInnerAddress && fields[2] == address,
                    "private\(index + 1): \(answers["private\(index + 1)"] ?? "no answer")")
        }
        #expect(connections == 2, "the bastion served \(connections) connections for 2 workers and 4 hosts")
    }

    /// `gateway` (the bastion, key login) and `private1…N` (the targets) in a copy of the
    /// lab's inventory.
    static func inventory(_ lab: LabManifest, _ network: BastionNetwork) throws -> ScratchInventory {
        let inventory = try ScratchInventory(copying: lab)
        let user = try #require(lab.hosts(inGroup: "web").first).user
        let gateway = ScratchInventory.section("gateway", hostname: network.bastionAddress, user: user, identityFile: lab.keys.ed25519)
        let targets = network.targetAddresses.enumerated().map { index, address in
            ScratchInventory.section("private\(index + 1)", hostname: address, user: user, identityFile: lab.keys.ed25519)
        }
        try inventory.addGroup("private", [gateway] + targets)
        return inventory
    }
}
