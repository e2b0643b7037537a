import Foundation
import LabSupport
import Testing

/// The OpenSSH client configuration in use against the lab: an alias works as `ssh
/// alias` would; the inventory beats it and the command line beats both; `hosts --json`
/// names the line of each value; a file ssh would refuse runs nothing (exit 2); what
/// Chorus cannot honour is a warning for the hosts it applies to.
@Suite struct SSHConfigUseTests {
    /// A private folder with `config` holding `text` (0600), removed by the caller.
    static func config(_ text: String, mode: Int = 0o600) throws -> (folder: String, file: String) {
        let folder = NSTemporaryDirectory() + "chorus-sshconfig-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/.ssh", withIntermediateDirectories: true)
        let file = folder + "/.ssh/config"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return (folder, file)
    }

    static func alias(_ lab: LabManifest, _ host: LabManifest.Host, extra: String = "") -> String {
        """
        Host myalias
            HostName \(host.address)
            Port \(host.port)
            User \(host.user)
            IdentityFile \(lab.keys.ed25519)
        \(extra)
        """
    }

    static func arguments(_ lab: LabManifest) -> [String] {
        ["-i", lab.inventory, "--known-hosts", lab.knownHosts, "--host-key-policy", "strict"]
    }

    @Test func anAliasIsReachedAsSshWouldReachIt() throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").first)
        let (folder, file) = try Self.config(Self.alias(lab, host))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try chorus(Self.arguments(lab) + ["-F", file, "-w", "myalias", "echo $SSH_CONNECTION | cut -d' ' -f3"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "myalias: \(host.address)\n")
        // The same file as the user's own ~/.ssh/config, found through HOME.
        let fromHome = try chorus(Self.arguments(lab) + ["-w", "myalias", "true"], environment: ["HOME": folder])
        #expect(fromHome.status == 0, "\(fromHome.stderr)")
    }

    @Test func theInventoryBeatsItAndTheCommandLineBeatsBoth() throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").first)
        let (folder, file) = try Self.config("Host \(host.name)\n    Port 1\n    User nobody\n" + Self.alias(lab, host))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inventoryWins = try chorus(Self.arguments(lab) + ["-F", file, "-w", host.name, "id -un"])
        #expect(inventoryWins.stdout == "\(host.name): \(host.user)\n", "\(inventoryWins.stderr)")
        let optionWins = try chorus(Self.arguments(lab) + ["-F", file, "-O", "Port=1", "-w", "myalias", "true"])
        #expect(optionWins.status == 4)
        #expect(optionWins.stderr.contains(":1"), "the -O port was not used: \(optionWins.stderr)")
    }

    @Test func hostsJSONNamesTheLineOfEachValue() throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").first)
        let (folder, file) = try Self.config(Self.alias(lab, host))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try chorus(Self.arguments(lab) + ["-F", file, "hosts", "--json", "myalias"])
        #expect(run.status == 0, "\(run.stderr)")
        let records = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        let origins = try #require(records.first?["ssh_config"] as? [String: String])
        #expect(origins == ["hostname": "\(file):2", "port": "\(file):3", "username": "\(file):4", "identity_file": "\(file):5"])
        #expect(records.first?["port"] as? Int == host.port)
    }

    @Test func aFileSshWouldRefuseRunsNothing() throws {
        let lab = try Lab.shared().manifest
        let (folder, file) = try Self.config("Host x\n    Port abc\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let badValue = try chorus(Self.arguments(lab) + ["-F", file, "-w", "web01", "true"])
        #expect(badValue.status == 2)
        #expect(badValue.stderr.contains("\(file):2: bad Port 'abc'"), "\(badValue.stderr)")
        let (open, _) = try Self.config("Host *\n    StrictHostKeyChecking no\n", mode: 0o666)
        defer { try? FileManager.default.removeItem(atPath: open) }
        let writable = try chorus(Self.arguments(lab) + ["-w", "web01", "true"], environment: ["HOME": open])
        #expect(writable.status == 2)
        #expect(writable.stderr.contains("bad owner or permissions"), "\(writable.stderr)")
        #expect(writable.stdout.isEmpty)
    }

    @Test func whatChorusCannotHonourIsAWarningForTheHostsItAppliesTo() throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").first)
        let (folder, file) = try Self.config(Self.alias(lab, host, extra: "    ProxyCommand nc %h %p\n"))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try chorus(Self.arguments(lab) + ["-F", file, "-w", "myalias,web02", "true"])
        #expect(run.status == 0)
        let warnings = run.stderr.split(separator: "\n").filter { $0.contains("ProxyCommand") }
        #expect(warnings.count == 1 && warnings[0].contains("myalias") && warnings[0].contains("\(file):6"), "\(run.stderr)")
    }

    @Test func strictHostKeyCheckingFromTheConfigApplies() throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").first)
        let (folder, file) = try Self.config(Self.alias(lab, host, extra: "    StrictHostKeyChecking yes\n"))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let empty = folder + "/known_hosts"
        FileManager.default.createFile(atPath: empty, contents: Data())
        let run = try chorus(["-i", lab.inventory, "--known-hosts", empty, "-F", file, "-w", "myalias", "true"])
        #expect(run.status == 4)
        #expect(run.stderr.contains("policy is strict"), "\(run.stderr)")
        #expect(try String(contentsOfFile: empty, encoding: .utf8).isEmpty, "accept-new would have recorded the key")
    }

    /// `ProxyJump` in ssh_config, to a bastion that is itself an alias there: the hosts
    /// go through it (a bastion refusing its login fails them in its name), and
    /// `hosts --json` shows the route and its line.
    @Test func proxyJumpAndBastionAliasesComeFromTheConfig() throws {
        let lab = try Lab.shared().manifest
        let web = try #require(lab.hosts(inGroup: "web").last)
        let bastion = try ExtraSSHD(lab: lab, address: web.address, extra: ["AllowTcpForwarding yes"])
        defer { bastion.stop() }
        func config(user: String) -> String {
            "Host web0*\n    ProxyJump jumpbox\nHost jumpbox\n    HostName \(web.address)\n    Port \(bastion.port)\n"
                + "    User \(user)\n    IdentityFile \(lab.keys.ed25519)\n    StrictHostKeyChecking no\n"
        }
        let (folder, file) = try Self.config(config(user: web.user))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Not strict on the command line: that would outrank the bastion's own `no`.
        let knownHosts = folder + "/known_hosts"
        try FileManager.default.copyItem(atPath: lab.knownHosts, toPath: knownHosts)
        let arguments = ["-i", lab.inventory, "--known-hosts", knownHosts]
        let through = try chorus(arguments + ["-F", file, "-w", "web01,web02", "echo ok"])
        #expect(through.status == 0, "\(through.stderr)")
        #expect(through.stdout.split(separator: "\n").sorted() == ["web01: ok", "web02: ok"])
        let json = try chorus(arguments + ["-F", file, "hosts", "--json", "web01"])
        #expect(json.stdout.contains(#""proxy_jump":["jumpbox"]"#), "\(json.stdout)")
        #expect(json.stdout.contains(#""proxy_jump":"\#(file):2""#), "\(json.stdout)")
        try config(user: "nobody-here").write(toFile: file, atomically: true, encoding: .utf8)
        let refused = try chorus(arguments + ["-F", file, "-w", "web01", "echo ok"])
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("web01: auth-failed: bastion jumpbox:"), "\(refused.stderr)")
    }

    /// `BatchMode yes`: a host that would have its password typed fails saying why,
    /// without a prompt, terminal or not.
    @Test func batchModeNeverAsks() throws {
        let lab = try Lab.shared().manifest
        let db = try #require(lab.hosts(inGroup: "db").first)
        let (folder, file) = try Self.config("Host *\n    BatchMode yes\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let inventory = folder + "/inventory.ini"
        try "[typed]\nhostname = \(db.address)\nport = \(db.port)\nusername = \(db.user)\npassword_prompt = yes\n"
            .write(toFile: inventory, atomically: true, encoding: .utf8)
        let run = try chorus(["-i", inventory, "--known-hosts", lab.knownHosts, "-F", file, "-w", "typed", "true"])
        #expect(run.status == 4)
        #expect(run.stderr.contains("password_prompt: BatchMode is on (\(file):2); not asking for a password"), "\(run.stderr)")
    }
}
