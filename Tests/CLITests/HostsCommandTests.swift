@testable import Broadcasting
import ChorusCLI
import Foundation
import Testing

/// Collects what a command prints, for asserting on it.
final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = "", errText = ""

    var out: String { lock.withLock { outText } }
    var err: String { lock.withLock { errText } }

    var console: Console {
        Console(out: { text in self.lock.withLock { self.outText += text } },
                err: { text in self.lock.withLock { self.errText += text } })
    }
}

/// A temporary inventory for the command-line tests.
final class HostsFixture {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/inv", withIntermediateDirectories: true)
        try write("inv/web.ini", """
            [DEFAULT]
            username = deploy
            identity_file = /keys/id_ed25519
            [web01]
            hostname = 127.77.0.1
            port = 24001
            [web02]
            hostname = 127.77.0.2
            [web03]
            [web05]
            """)
        try write("inv/db.ini", """
            [DEFAULT]
            username = chorus-lab2
            password = do-not-print-me
            passphrase = nor-me
            [db1]
            connect_timeout = 4
            known_hosts_policy = strict
            [db2]
            """)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ name: String, _ text: String, mode: Int = 0o600) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + name))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: root + "/" + name)
    }

    var inventory: String { root + "/inv" }

    /// Runs `chorus ARGS` with a clean environment (no search-path surprises).
    func run(_ arguments: [String], environment: [String: String]? = nil) -> (status: Int32, out: String, err: String) {
        let output = CollectedOutput()
        let status = ChorusMain.run(arguments: arguments, console: output.console,
                                    environment: environment ?? ["USER": "tester", "HOME": root])
        return (status, output.out, output.err)
    }
}

@Suite struct HostsCommandTests {
    @Test(arguments: [
        ([], "db[1-2],web[01-03,05]\n"), (["@web"], "web[01-03,05]\n"), (["@web!web02"], "web[01,03,05]\n"),
        (["web0[1-2]", "db1"], "db1,web[01-02]\n"), (["@db,adhoc[1-3]"], "adhoc[1-3],db[1-2]\n"),
        (["web*"], "web[01-03,05]\n"), (["nomatch*"], ""), (["@*&@db"], "db[1-2]\n"),
    ])
    func printsTheFoldedSet(pattern: [String], expected: String) throws {
        let fixture = try HostsFixture()
        let result = fixture.run(["-i", fixture.inventory, "hosts"] + pattern)
        #expect(result.status == 0)
        #expect(result.out == expected)
        // Names in no inventory are said to be ad hoc (and would be looked up as typed).
        let adHoc = pattern == ["@db,adhoc[1-3]"] ? "chorus: warning: adhoc[1-3] are not in the inventory; they would be ad-hoc hosts\n" : ""
        #expect(result.err == adHoc)
    }

    @Test func globalOptionsWorkBeforeOrAfter() throws {
        let fixture = try HostsFixture()
        let before = fixture.run(["-i", fixture.inventory, "hosts", "@web"])
        let after = fixture.run(["hosts", "-i", fixture.inventory, "@web"])
        #expect(before.out == after.out)
        #expect(before.status == 0 && after.status == 0)
    }

    @Test func expandsOneHostPerLine() throws {
        let fixture = try HostsFixture()
        let result = fixture.run(["-i", fixture.inventory, "hosts", "--expand", "@db,web0[1-2]"])
        #expect(result.out == "db1\ndb2\nweb01\nweb02\n")
        #expect(fixture.run(["-i", fixture.inventory, "hosts", "-x", "db1"]).out == "db1\n")
    }

    struct Record: Decodable, Equatable {
        let name: String, hostname: String, port: Int, username: String, groups: [String], auth: [String]
        let ad_hoc: Bool, known_hosts_policy: String, connect_timeout: Double, identity_file: String?
    }

    @Test func jsonHasResolvedFieldsAndNoSecrets() throws {
        let fixture = try HostsFixture()
        let result = fixture.run(["-i", fixture.inventory, "hosts", "--json", "db1,web01,root@elsewhere:2200"])
        #expect(result.status == 0)
        #expect(!result.out.contains("do-not-print-me") && !result.out.contains("nor-me"))
        #expect(!result.out.contains("\"password\":") && !result.out.contains("passphrase"))
        #expect(result.out.contains("\"identity_file\":null"))
        let records = try JSONDecoder().decode([Record].self, from: Data(result.out.utf8))
        #expect(records == [
            Record(name: "db1", hostname: "db1", port: 22, username: "chorus-lab2", groups: ["db"], auth: ["password"],
                   ad_hoc: false, known_hosts_policy: "strict", connect_timeout: 4, identity_file: nil),
            Record(name: "root@elsewhere:2200", hostname: "elsewhere", port: 2200, username: "root", groups: [], auth: [],
                   ad_hoc: true, known_hosts_policy: "accept-new", connect_timeout: 10, identity_file: nil),
            Record(name: "web01", hostname: "127.77.0.1", port: 24001, username: "deploy", groups: ["web"],
                   auth: ["publickey"], ad_hoc: false, known_hosts_policy: "accept-new", connect_timeout: 10,
                   identity_file: "/keys/id_ed25519"),
        ])
    }

    @Test func userOptionOverridesUsernames() throws {
        let fixture = try HostsFixture()
        let result = fixture.run(["-i", fixture.inventory, "-l", "admin", "hosts", "--json", "web01,other",
                                  "--host-key-policy", "off", "-t", "2.5"])
        let records = try JSONDecoder().decode([Record].self, from: Data(result.out.utf8))
        #expect(records.map(\.username) == ["admin", "admin"])
        #expect(records.map(\.known_hosts_policy) == ["off", "off"])
        #expect(records.map(\.connect_timeout) == [2.5, 2.5])
    }

    @Test func adHocHostsWorkWithoutAnyInventory() throws {
        let fixture = try HostsFixture()
        let result = fixture.run(["hosts", "--expand", "n[1-2],ops@[::1]:2222"])
        #expect(result.status == 0)
        #expect(result.out == "n1\nn2\nops@[::1]:2222\n")
        #expect(fixture.run(["hosts"]).out == "")
    }

    /// Negative ranges as ClusterShell 1.9.1 folds and expands them; a name spelled twice
    /// (`n[-1]` and `n-1`: two entries to ClusterShell) is one host to connect to.
    @Test func negativeRangesFoldAndExpandAsClusterShell() throws {
        let fixture = try HostsFixture()
        #expect(fixture.run(["hosts", "n[1-5,-12,-5--1,-10--9]"]).out == "n[-12,-10--9,-5--1,1-5]\n")
        #expect(fixture.run(["hosts", "--expand", "n[-2-1]"]).out == "n-2\nn-1\nn0\nn1\n")
        #expect(fixture.run(["hosts", "n[-1-1],n-1"]).out == "n[-1-1],n-1\n")
        #expect(fixture.run(["hosts", "--expand", "n[-1-1],n-1"]).out == "n-1\nn0\nn1\n")
    }

    @Test(arguments: [
        (["hosts", "n[-001]"], "chorus: bad range '-001': negative indexes cannot be zero padded\n"),
        (["hosts", "web[5-1]"], "chorus: bad range '5-1': start 5 is after end 1\n"),
        (["hosts", "@dbs"], "chorus: unknown group '@dbs' — did you mean '@db'?\n"),
        (["hosts", "@wbe"], "chorus: unknown group '@wbe' — did you mean '@web'?\n"),
        (["hosts", "r[1-1000]n[1-10000]"], "chorus: 'r[1-1000]n[1-10000]' names 10000000 hosts, more than the limit of 1000000\n"),
        (["hosts", "@last:failed"], "chorus: '@last:failed': no previous command in this session\n"),
        (["hosts", "host:0"], "chorus: 'host:0' is not in the inventory and is not a usable user@host:port\n"),
        (["hosts", "--bogus"], "chorus: unknown option '--bogus'\n"),
        (["groups", "extra"], "chorus: groups takes no arguments, got 'extra'\n"),
    ])
    func badInputIsOneLineAndExitTwo(arguments: [String], message: String) throws {
        let fixture = try HostsFixture()
        let result = fixture.run(["-i", fixture.inventory] + arguments)
        #expect(result.status == 2)
        #expect(result.err == message)
        #expect(result.out == "")
    }

    @Test func missingExplicitInventoryIsAnError() throws {
        let fixture = try HostsFixture()
        let result = fixture.run(["-i", fixture.root + "/nope", "hosts"])
        #expect(result.status == 2)
        #expect(result.err == "chorus: \(fixture.root)/nope: cannot read: no such file or directory (inventory given with -i)\n")
    }

    @Test func brokenInventoryIsOneLineAndExitTwo() throws {
        let fixture = try HostsFixture()
        try fixture.write("inv/bad.ini", "[x]\nport = 70000\n")
        let result = fixture.run(["-i", fixture.inventory, "hosts"])
        #expect(result.status == 2)
        #expect(result.err == "chorus: \(fixture.inventory)/bad.ini:2: bad port '70000': expected a port number from 1 to 65535\n")
        #expect(result.out == "")
    }

    @Test func warningsGoToStandardError() throws {
        let fixture = try HostsFixture()
        try fixture.write("inv/db.ini", "[db1]\npassword = x\nprot = 2\n", mode: 0o644)
        let result = fixture.run(["-i", fixture.inventory, "hosts", "@db"])
        #expect(result.status == 0)
        #expect(result.out == "db1\n")
        let path = fixture.inventory + "/db.ini"
        #expect(result.err == """
            chorus: warning: \(path):3: unknown key 'prot' — did you mean 'port'?
            chorus: warning: \(path): holds a password or passphrase and is readable by others; fix with: chmod 600 \(path)

            """)
    }

    @Test func findsTheInventoryThroughTheEnvironmentAndSearchPath() throws {
        let fixture = try HostsFixture()
        let viaVariable = fixture.run(["hosts", "@db"], environment: ["HOME": fixture.root, "CHORUS_INVENTORY": fixture.inventory])
        #expect(viaVariable.out == "db[1-2]\n")
        try FileManager.default.createDirectory(atPath: fixture.root + "/.config/chorus", withIntermediateDirectories: true)
        try fixture.write(".config/chorus/inventory.ini", "[solo]\n")
        #expect(fixture.run(["hosts"], environment: ["HOME": fixture.root]).out == "solo\n")
    }

    @Test func groupsListsEveryGroupFolded() throws {
        let fixture = try HostsFixture()
        let result = fixture.run(["-i", fixture.inventory, "groups"])
        #expect(result.status == 0)
        #expect(result.out == "db: db[1-2]\nweb: web[01-03,05]\n")
        let json = fixture.run(["groups", "--json", "-i", fixture.inventory]).out
        #expect(json == #"[{"count":2,"folded":"db[1-2]","hosts":["db1","db2"],"name":"db"},"#
            + #"{"count":4,"folded":"web[01-03,05]","hosts":["web01","web02","web03","web05"],"name":"web"}]"# + "\n")
    }

    @Test func helpListsTheSubcommands() throws {
        let fixture = try HostsFixture()
        let help = fixture.run(["--help"]).out
        #expect(help.contains("hosts") && help.contains("groups"))
        #expect(fixture.run(["help", "hosts"]).out.contains("--expand"))
        #expect(fixture.run(["hots"]).err == "chorus: unknown subcommand 'hots' — did you mean 'hosts'? (see chorus --help)\n")
    }
}
