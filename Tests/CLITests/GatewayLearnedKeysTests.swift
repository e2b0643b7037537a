import Foundation
import LabSupport
import Testing

/// accept-new behind a gateway: the key the gateway's worker meets first is recorded in
/// this machine's known_hosts, as a direct login records it, so the next run checks it.
extension GatewayTests {
    @Test func aKeyLearnedBehindTheGatewayUnderAcceptNewIsRecordedHere() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 2)
        defer { setup.remove() }
        let addresses = setup.network.targetAddresses
        let before = try String(contentsOfFile: setup.knownHosts, encoding: .utf8)
        try #require(addresses.allSatisfy { !before.contains($0) }, "the targets start unknown")

        let strictFirst = try chorus(setup.arguments + ["--host-key-policy", "strict", "-w", "t[1-2]", "true"])
        #expect(strictFirst.status == 4, "unknown targets are refused under strict: \(strictFirst.stderr)")
        let learn = try chorus(setup.arguments + ["--host-key-policy", "accept-new", "-w", "t[1-2]", "true"])
        #expect(learn.status == 0, "\(learn.stderr)")
        #expect(!learn.stderr.contains("not recorded"), "\(learn.stderr)")
        let after = try String(contentsOfFile: setup.knownHosts, encoding: .utf8)
        for address in addresses {
            let lines = after.split(separator: "\n").filter { $0.hasPrefix(address + " ") || $0.hasPrefix("[\(address)]:") }
            #expect(lines.count == 1, "one entry for \(address): \(after)")
        }
        #expect(after.hasPrefix(before), "the file was appended to, not rewritten")
        let strict = try chorus(setup.arguments + ["--host-key-policy", "strict", "-w", "t[1-2]", "true"])
        #expect(strict.status == 0, "the learned keys hold under strict: \(strict.stderr)")
    }
}
