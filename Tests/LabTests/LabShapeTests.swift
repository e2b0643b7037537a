import Foundation
import LabSupport
import Testing

/// The shared lab looks the way the issue and the other suites rely on.
@Suite struct LabShapeTests {
    @Test func hostsAreSpreadOverGroupsPortsAndLoopbackAddresses() throws {
        let manifest = try Lab.shared().manifest
        #expect(manifest.hosts.count == Lab.sharedHostCount)
        #expect(Set(manifest.hosts.map(\.group)) == ["web", "db", "cache"])
        #expect(Set(manifest.hosts.map(\.port)).count >= 3)
        #expect(Set(manifest.hosts.map(\.address)).count == manifest.hosts.count)
        #expect(manifest.hosts.allSatisfy { $0.address.hasPrefix("127.") && $0.address != "127.0.0.1" })
        #expect(Set(manifest.hosts.map(\.name)).count == manifest.hosts.count)
        #expect(manifest.hosts.first?.name == "web01")
    }

    @Test func credentialsDifferByGroup() throws {
        let manifest = try Lab.shared().manifest
        try #require(manifest.root, "the lab runs as root in CI; its users and passwords need root")
        #expect(Set(manifest.hosts(inGroup: "web").map(\.auth)) == ["key"])
        #expect(Set(manifest.hosts(inGroup: "db").map(\.auth)) == ["password"])
        #expect(Set(manifest.hosts(inGroup: "web").map(\.user)) != Set(manifest.hosts(inGroup: "db").map(\.user)))
        #expect(manifest.users.allSatisfy { ($0.password ?? "").count >= 16 })
    }

    @Test func everyHostAnswersWithAnSSHBanner() throws {
        let manifest = try Lab.shared().manifest
        var silent: [String] = []
        for host in manifest.hosts where try !readBanner(address: host.address, port: host.port).hasPrefix("SSH-2.0-OpenSSH") {
            silent.append(host.name)
        }
        #expect(silent.isEmpty, "no SSH banner from \(silent)")
    }

    @Test func knownHostsHoldsBothKeyTypesForEveryHost() throws {
        let manifest = try Lab.shared().manifest
        let lines = try String(contentsOfFile: manifest.knownHosts, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 * manifest.hosts.count)
        let first = try #require(manifest.hosts.first)
        let entries = lines.filter { $0.hasPrefix("[\(first.address)]:\(first.port) ") }
        #expect(Set(entries.map { $0.split(separator: " ")[1] }) == ["ssh-ed25519", "ecdsa-sha2-nistp256"])
    }

    @Test func inventoryHasOneFilePerGroupReadableByOwnerOnly() throws {
        let manifest = try Lab.shared().manifest
        let files = try FileManager.default.contentsOfDirectory(atPath: manifest.inventory).sorted()
        #expect(files == ["cache.ini", "db.ini", "web.ini"])
        for file in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: manifest.inventory + "/" + file)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(file) must not be readable by others")
        }
        let web = try String(contentsOfFile: manifest.inventory + "/web.ini", encoding: .utf8)
        #expect(web.contains("[web01]\nhostname = \(manifest.hosts[0].address)\nport = \(manifest.hosts[0].port)\n"))
    }
}
