import Broadcasting
import Foundation
import HostPatterns
import Inventory
import Testing

/// Names outside the inventory are reported with the inventory names they were probably
/// meant to be; addresses, ssh_config aliases and an inventory-less run are not.
@Suite struct AdHocNamesTests {
    static let inventory: Inventory = {
        let names = ["db01", "db02", "db03", "web01"]
        var hosts: [String: ResolvedHost] = [:]
        for name in names { hosts[name] = ResolvedHost(adHoc: name, defaultUsername: "me").map { inInventory($0) } }
        return Inventory(hosts: hosts, groups: ["db": HostSet(names: names.prefix(3)), "web": HostSet(names: ["web01"])],
                         sources: ["test.ini"])
    }()

    /// An inventory host: the ad-hoc parse of its name, no longer marked ad hoc.
    static func inInventory(_ host: ResolvedHost) -> ResolvedHost {
        var host = host
        host.isAdHoc = false
        return host
    }

    static func adHoc(_ pattern: String, in inventory: Inventory = inventory, sshConfig: String = "none") throws -> AdHocNames? {
        var settings = RunSettings()
        settings.sshConfigFile = sshConfig
        let config = try SSHConfigInForce(settings, environment: ["HOME": "/nonexistent"])
        return AdHocNames(try inventory.select(pattern, defaultUsername: "me").hosts, inventory: inventory, sshConfig: config)
    }

    @Test func typosAreFoldedWithTheirNearestInventoryNames() throws {
        let names = try #require(try Self.adHoc("db[1-3],web01"))
        #expect(names.names == ["db1", "db2", "db3"])
        #expect(names.message == "db[1-3] are not in the inventory (did you mean db[01-03]?)")
        #expect(try Self.adHoc("zzz9")?.message == "zzz9 is not in the inventory")
    }

    @Test func aGroupNameTypedAsAHostIsPointedAtTheGroup() throws {
        #expect(try Self.adHoc("db")?.message == "db is not in the inventory (did you mean the group @db?)")
    }

    @Test func addressesAliasesAndInventoryHostsAreNotReported() throws {
        #expect(try Self.adHoc("web01,@db") == nil)
        #expect(try Self.adHoc("127.0.0.1,root@[::1]:2200") == nil)
        let config = NSTemporaryDirectory() + "chorus-adhoc-\(UUID().uuidString).conf"
        try "Host jumpbox\n  HostName 127.0.0.1\n".write(toFile: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: config) }
        #expect(try Self.adHoc("jumpbox", sshConfig: config) == nil)
        #expect(try Self.adHoc("jumpbox2", sshConfig: config)?.names == ["jumpbox2"])
        #expect(try Self.adHoc("anything", in: .empty) == nil, "with no inventory every name is ad hoc by design")
    }
}
