import Secrets
import Foundation
import HostPatterns
@testable import Inventory
import Testing

/// Both layouts, merging, field checks and warnings.
@Suite struct InventoryLoaderTests {
    static let environment = ["USER": "alice", "HOME": "/home/alice"]

    static func load(_ path: String) -> InventoryLoader.Result {
        InventoryLoader(environment: environment).load(path: path)
    }

    @Test func loadsTheLabsDirectoryLayout() throws {
        let files = try TestFiles()
        try files.write("inventory/web.ini", """
            [DEFAULT]
            username = chorus-lab
            identity_file = /some/abs/path/keys/id_ed25519
            [web01]
            hostname = 127.77.0.1
            port = 24001
            [web02]
            hostname = 127.77.0.2
            port = 24002
            """)
        try files.write("inventory/db.ini", """
            [DEFAULT]
            username = chorus-lab2
            password = lab-secret
            [db01]
            hostname = 127.77.0.11
            port = 24011
            """, mode: 0o600)
        let result = Self.load(files.path("inventory"))
        #expect(result.errors.isEmpty)
        #expect(result.warnings.isEmpty)
        let inventory = result.inventory
        #expect(inventory.groupNames == ["db", "web"])
        #expect(inventory.groups["web"]?.description == "web[01-02]")
        let web01 = try #require(inventory.hosts["web01"])
        #expect(web01.hostname == "127.77.0.1")
        #expect(web01.port == 24001)
        #expect(web01.username == "chorus-lab")
        #expect(web01.identityFile == "/some/abs/path/keys/id_ed25519")
        #expect(web01.groups == ["web"])
        #expect(web01.authMethods == [.publickey])
        let db01 = try #require(inventory.hosts["db01"])
        #expect(db01.username == "chorus-lab2")
        #expect(db01.password?.reveal() == "lab-secret")
        #expect(db01.authMethods == [.password])
    }

    @Test func singleFileLayoutWithGroupSections() throws {
        let files = try TestFiles()
        let path = try files.write("inventory.ini", """
            [DEFAULT]
            username = ops
            [group:web]
            port = 2222
            known_hosts_policy = strict
            [group:canary]
            connect_timeout = 3
            [web01]
            groups = web, canary
            [web02]
            groups = web
            port = 22
            [db1]
            hostname = 10.0.0.5
            """)
        let inventory = Self.load(path).inventory
        #expect(inventory.groups["web"]?.description == "web[01-02]")
        #expect(inventory.groups["canary"]?.description == "web01")
        let web01 = try #require(inventory.hosts["web01"])
        #expect(web01.port == 2222)
        #expect(web01.knownHostsPolicy == .strict)
        #expect(web01.connectTimeout == 3)
        #expect(web01.username == "ops")
        #expect(web01.groups == ["canary", "web"])
        #expect(inventory.hosts["web02"]?.port == 22)
        #expect(inventory.hosts["db1"]?.groups == [])
        #expect(inventory.hosts["db1"]?.hostname == "10.0.0.5")
        #expect(inventory.hosts["db1"]?.port == 22)
    }

    @Test func defaultsFillWhatIsNotSet() throws {
        let files = try TestFiles()
        let path = try files.write("i.ini", "[plain]\n[keyed]\nidentity_file = ~/.ssh/k\npassword_prompt = yes\n")
        let inventory = Self.load(path).inventory
        let plain = try #require(inventory.hosts["plain"])
        #expect(plain.hostname == "plain")
        #expect(plain.port == 22)
        #expect(plain.username == "alice")
        #expect(plain.identityFile == nil)
        #expect(plain.authMethods == [])
        #expect(plain.knownHostsPolicy == nil)
        let keyed = try #require(inventory.hosts["keyed"])
        #expect(keyed.identityFile == "/home/alice/.ssh/k")
        #expect(keyed.passwordPrompt)
        #expect(keyed.authMethods == [.publickey, .password])
    }

    @Test func aHostInSeveralFilesIsOneHost() throws {
        let files = try TestFiles()
        try files.write("d/web.ini", "[DEFAULT]\nusername = deploy\n[shared]\nport = 2200\n[w1]\n")
        try files.write("d/db.ini", "[shared]\nhostname = shared.example.com\n[d1]\n")
        let result = Self.load(files.path("d"))
        #expect(result.errors.isEmpty)
        let shared = try #require(result.inventory.hosts["shared"])
        #expect(shared.groups == ["db", "web"])
        #expect(shared.port == 2200)
        #expect(shared.username == "deploy")
        #expect(shared.hostname == "shared.example.com")
        #expect(result.inventory.allHosts.description == "d1,shared,w1")
    }

    @Test func ownSectionBeatsAnotherFilesDefault() throws {
        let files = try TestFiles()
        try files.write("d/a.ini", "[DEFAULT]\nusername = a\n[h]\n")
        try files.write("d/b.ini", "[h]\nusername = b\n")
        let result = Self.load(files.path("d"))
        #expect(result.errors.isEmpty)
        #expect(result.inventory.hosts["h"]?.username == "b")
    }

    @Test(arguments: [
        ("[h]\nport = 1\n", "[h]\nport = 2\n", "port", 2, 2),
        ("[DEFAULT]\nusername = x\n[h]\n", "[DEFAULT]\nusername = y\n[h]\n", "username", 2, 2),
    ])
    func conflictingValuesNameBothPlaces(first: String, second: String, key: String, line: Int, otherLine: Int) throws {
        let files = try TestFiles()
        let a = try files.write("d/a.ini", first)
        let b = try files.write("d/b.ini", second)
        let result = Self.load(files.path("d"))
        #expect(result.errors == [InventoryError(.conflict(host: "h", key: key, otherFile: a, otherLine: otherLine), file: b, line: line)])
        #expect(result.inventory.hosts["h"] == nil)
        #expect(result.errors.first?.description.contains(a) == true)
    }

    @Test func conflictingGroupSectionsAreAnError() throws {
        let files = try TestFiles()
        let path = try files.write("i.ini", "[group:a]\nport = 1\n[group:b]\nport = 2\n[h]\ngroups = a b\n[ok]\ngroups = a\n")
        let result = Self.load(path)
        #expect(result.errors == [InventoryError(.conflict(host: "h", key: "port", otherFile: path, otherLine: 2), file: path, line: 4)])
        #expect(result.inventory.hosts["ok"]?.port == 1)
    }

    @Test(arguments: [
        ("[h]\nport = 0\n", InventoryError.Kind.badValue(key: "port", value: "0", reason: "expected a port number from 1 to 65535"), 2),
        ("[h]\nport = 70000\n", .badValue(key: "port", value: "70000", reason: "expected a port number from 1 to 65535"), 2),
        ("[h]\nport = abc\n", .badValue(key: "port", value: "abc", reason: "expected a port number from 1 to 65535"), 2),
        ("[h]\nport = -1\n", .badValue(key: "port", value: "-1", reason: "expected a port number from 1 to 65535"), 2),
        ("[h]\nport =\n", .badValue(key: "port", value: "", reason: "expected a port number from 1 to 65535"), 2),
        ("[DEFAULT]\nport = 99999\n[h]\n", .badValue(key: "port", value: "99999", reason: "expected a port number from 1 to 65535"), 2),
        ("[h]\nknown_hosts_policy = acept-new\n",
         .badValue(key: "known_hosts_policy", value: "acept-new", reason: "expected one of strict, accept-new, off — did you mean 'accept-new'?"), 2),
        ("[h]\nconnect_timeout = 0\n", .badValue(key: "connect_timeout", value: "0", reason: "expected a number of seconds above 0 and at most 4294967 (about 49 days)"), 2),
        ("[h]\nconnect_timeout = soon\n", .badValue(key: "connect_timeout", value: "soon", reason: "expected a number of seconds above 0 and at most 4294967 (about 49 days)"), 2),
        ("[h]\nconnect_timeout = 1e300\n", .badValue(key: "connect_timeout", value: "1e300", reason: "expected a number of seconds above 0 and at most 4294967 (about 49 days)"), 2),
        ("[h]\npassword_prompt = maybe\n", .badValue(key: "password_prompt", value: "maybe", reason: "expected yes or no (also true/false, on/off, 1/0)"), 2),
        ("[h]\npassword_env = 1BAD\n", .badValue(key: "password_env", value: "1BAD", reason: "expected an environment variable name like CHORUS_PASSWORD"), 2),
        ("[h]\nhostname =\n", .badValue(key: "hostname", value: "", reason: "must not be empty"), 2),
        ("[h]\nusername =\n", .badValue(key: "username", value: "", reason: "must not be empty"), 2),
        ("[web,db]\n", .badName("web,db", reason: "is not a valid host name: ',' has a meaning in host patterns"), 1),
        ("[groups:web]\n", .badName("groups:web", reason: "is not a valid host name: ':' has a meaning in host patterns (group settings go in [group:NAME])"), 1),
        ("[ web01 ]\n", .badName(" web01 ", reason: "is not a valid host name: it contains blanks"), 1),
        ("[h]\ngroups = web, d@b\n", .badName("d@b", reason: "is not a valid group name: '@' has a meaning in host patterns"), 2),
        ("[group:w*]\n", .badName("w*", reason: "is not a valid group name: '*' has a meaning in host patterns"), 1),
        ("[group:web]\ngroups = x\n", .badValue(key: "groups", value: "x", reason: "a group cannot be in other groups"), 2),
        ("port = 22\n", .missingSectionHeader, 1),
        ("[h]\nproxy_jump = gw,,gw2\n", .badValue(key: "proxy_jump", value: "gw,,gw2", reason: "an empty bastion name (two commas, or one at an end)"), 2),
        ("[h]\nproxy_jump =\n", .badValue(key: "proxy_jump", value: "", reason: "expected none or HOST[,HOST…]"), 2),
        ("[DEFAULT]\nproxy_jump = gw:70000\n[h]\n", .badValue(key: "proxy_jump", value: "gw:70000", reason: "bastion 'gw:70000' is not [user@]host[:port] (port 1 to 65535)"), 2),
        ("[group:web]\nproxy_jump = gw,\n", .badValue(key: "proxy_jump", value: "gw,", reason: "an empty bastion name (two commas, or one at an end)"), 2),
        ("[h]\nproxy_jump = gw none\n", .badValue(key: "proxy_jump", value: "gw none", reason: "bastion 'gw none' has a space in it: separate bastions with commas"), 2),
    ])
    func badValuesAreErrorsAtTheirLine(text: String, kind: InventoryError.Kind, line: Int) throws {
        let files = try TestFiles()
        let path = try files.write("i.ini", text)
        let result = Self.load(path)
        #expect(result.errors == [InventoryError(kind, file: path, line: line)])
        #expect(result.inventory.hosts.isEmpty)
    }

    /// `proxy_jump` from a host, a group or `[DEFAULT]`, the nearest winning; `none` is
    /// an empty list (directly), unset is nil (the command line may decide).
    @Test func proxyJumpComesFromTheNearestLevel() throws {
        let files = try TestFiles()
        let path = try files.write("i.ini", """
            [DEFAULT]
            proxy_jump = gw1
            [group:web]
            proxy_jump = admin@gw2:2222, gw3
            [web01]
            groups = web
            [web02]
            groups = web
            proxy_jump = none
            [db01]
            """)
        let result = Self.load(path)
        #expect(result.errors.isEmpty)
        let hosts = result.inventory.hosts
        #expect(hosts["web01"]?.proxyJump == ["admin@gw2:2222", "gw3"])
        #expect(hosts["web02"]?.proxyJump == [])
        #expect(hosts["db01"]?.proxyJump == ["gw1"])
        #expect(try ProxyJumpList.parse(" None ") == [])
    }

    @Test func aBrokenFileLoadsNothingButOthersStillLoad() throws {
        let files = try TestFiles()
        try files.write("d/good.ini", "[g1]\n")
        let bad = try files.write("d/bad.ini", "[b1]\nport = 22\n[b2]\nport = 0\n")
        let result = Self.load(files.path("d"))
        #expect(result.errors.map(\.description) == ["\(bad):4: bad port '0': expected a port number from 1 to 65535"])
        #expect(result.inventory.allHosts.description == "g1")
        #expect(throws: InventoryError.self) { try Inventory.load(path: files.path("d"), environment: Self.environment) }
    }

    @Test func interpolationErrorsInSecretsAreReportedByKeyAndLine() throws {
        let files = try TestFiles()
        let path = try files.write("i.ini", "[h]\npassword = %(nope)s\n")
        #expect(Self.load(path).errors == [
            InventoryError(.interpolationMissing(key: "password", reference: "nope"), file: path, line: 2),
        ])
    }

    @Test func unknownKeysWarnWithASuggestion() throws {
        let files = try TestFiles()
        let path = try files.write("i.ini", "[DEFAULT]\nbase = /k\nusr = x\n[h]\nprot = 22\nidentity_file = %(base)s/id\n[h2]\n")
        let result = Self.load(path)
        #expect(result.errors.isEmpty)
        #expect(result.warnings.map(\.description) == [
            "\(path):3: unknown key 'usr'", "\(path):5: unknown key 'prot' — did you mean 'port'?",
        ])
        #expect(result.inventory.hosts["h"]?.identityFile == "/k/id")
    }

    @Test(arguments: [(0o644, true), (0o640, true), (0o604, true), (0o600, false), (0o400, false)])
    func passwordFilesReadableByOthersWarn(mode: Int, warns: Bool) throws {
        let files = try TestFiles()
        let path = try files.write("i.ini", "[h]\npassword = s3cret\n", mode: mode)
        let warnings = Self.load(path).warnings
        #expect(warnings.count == (warns ? 1 : 0))
        if warns {
            #expect(warnings[0].description.contains("chmod 600 \(path)"))
            #expect(warnings[0].file == path)
        }
        #expect(!warnings.map(\.description).joined().contains("s3cret"))
    }

    /// Whoever can write an inventory can redirect its hosts, so a file or folder that
    /// its group or others can write is warned about, secrets or not; a sticky folder
    /// (`/tmp`) is not.
    @Test(arguments: [(0o620, 0o700, "i.ini: can be written by its group"), (0o602, 0o700, "i.ini: can be written by others"),
                      (0o600, 0o770, "d: can be written by its group"), (0o600, 0o1777, nil), (0o644, 0o755, nil)])
    func writableInventoriesWarn(fileMode: Int, folderMode: Int, warning: String?) throws {
        let files = try TestFiles()
        let path = try files.write("d/i.ini", "[h]\nhostname = 127.0.0.1\n", mode: fileMode)
        try FileManager.default.setAttributes([.posixPermissions: folderMode], ofItemAtPath: files.path("d"))
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: files.path("d")) }
        for loaded in [path, files.path("d")] {
            let warnings = Self.load(loaded).warnings.map(\.description)
            if let warning {
                #expect(warnings.count == 1 && warnings[0].contains(warning), "\(loaded): \(warnings)")
                #expect(warnings.first?.contains("fix with: chmod go-w ") == true)
            } else {
                #expect(warnings.isEmpty, "\(loaded): \(warnings)")
            }
        }
    }

    @Test func filesWithoutSecretsNeedNoPrivacy() throws {
        let files = try TestFiles()
        let path = try files.write("i.ini", "[h]\npassword_env = PW\n", mode: 0o644)
        #expect(Self.load(path).warnings.isEmpty)
    }

    @Test func directoryLayoutSkipsOtherFiles() throws {
        let files = try TestFiles()
        try files.write("d/web.ini", "[w1]\n")
        try files.write("d/notes.txt", "not ini")
        try files.write("d/.hidden.ini", "garbage")
        try files.write("d/web.ini.bak", "garbage")
        let result = Self.load(files.path("d"))
        #expect(result.errors.isEmpty)
        #expect(result.inventory.groupNames == ["web"])
    }

    @Test func badGroupFileNamesAndMissingPathsAreErrors() throws {
        let files = try TestFiles()
        let bad = try files.write("d/we b.ini", "[w1]\n")
        #expect(Self.load(files.path("d")).errors.map(\.kind) == [.badName("we b", reason: "is not a valid group name: it contains blanks")])
        _ = bad
        #expect(Self.load(files.path("nope")).errors.map(\.kind) == [.unreadable(reason: "no such file or directory")])
        let binary = try files.write("bin.ini", "")
        try Data([0x5B, 0x73, 0x5D, 0x0A, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: binary))
        #expect(Self.load(binary).errors.map(\.kind) == [.notUTF8])
    }

    @Test func selectsInventoryAndAdHocHosts() throws {
        let files = try TestFiles()
        let path = try files.write("i.ini", "[web01]\nport = 2201\ngroups = web\n[web02]\ngroups = web\n")
        let inventory = Self.load(path).inventory
        let (set, hosts) = try inventory.select("@web,root@other:2222,[::1]:2200", defaultUsername: "me")
        #expect(set.description == "[::1]:2200,root@other:2222,web[01-02]")
        #expect(hosts.map(\.name) == ["[::1]:2200", "root@other:2222", "web01", "web02"])
        #expect(hosts.map(\.isAdHoc) == [true, true, false, false])
        #expect(hosts[1].username == "root")
        #expect(hosts[1].hostname == "other")
        #expect(hosts[1].port == 2222)
        #expect(hosts[0].hostname == "::1")
        #expect(hosts[0].username == "me")
        #expect(try inventory.select(nil, defaultUsername: "me").set.description == "web[01-02]")
        #expect(throws: Inventory.SelectionError.pattern(PatternError(.unknownGroup(suggestion: "@web"), part: "@wbe"))) {
            try inventory.select("@wbe", defaultUsername: "me")
        }
        #expect(throws: Inventory.SelectionError.pattern(PatternError(.unknownGroup(suggestion: "@web"), part: "@webb"))) {
            try inventory.select("@webb", defaultUsername: "me")
        }
        #expect(throws: Inventory.SelectionError.badAdHocHost("host:0")) { try inventory.select("host:0", defaultUsername: "me") }
    }
}
