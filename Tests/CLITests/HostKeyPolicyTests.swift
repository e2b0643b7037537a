import Foundation
import LabSupport
import Testing

/// Host-key settings through the binary: which policy wins, what a bad policy word does,
/// and how new hosts are recorded when the OpenSSH config hashes names.
@Suite struct HostKeyPolicyTests {
    /// An inventory (which others may be able to write) never weakens `strict` given on
    /// the command line: a host whose key is not known is refused.
    @Test(arguments: ["off", "accept-new"])
    func anInventoryPolicyNeverWeakensStrictOnTheCommandLine(_ policy: String) throws {
        let lab = try Lab.shared().manifest
        let fixture = try StrangerFixture(lab, more: ["known_hosts_policy = \(policy)"])
        defer { fixture.remove() }
        let (web, stranger, inventory, known) = (fixture.web, fixture.stranger, fixture.inventory, fixture.known)
        let run = try LabScript.runProgram(BinaryTests.binary, ["-i", inventory.path, "--known-hosts", known.path,
            "--host-key-policy", "strict", "-o", "json", "-w", "web01,far", "echo fine"])
        let byHost = try hostObjects(run.stdout)
        #expect((byHost["far"]?["error"] as? String)?.hasPrefix("host-key-unknown: [\(web.address)]:\(stranger.port) is not in") == true,
                "\(byHost["far"] ?? [:])")
        #expect(byHost["web01"]?["status"] as? String == "ok")
        #expect(run.status == 4, "\(run.stderr)")
        #expect(try known.contents() == known.original, "strict never writes known_hosts")
    }

    /// `:set` is a source of its own: with no policy on the command line, a stricter
    /// `:set` beats an inventory's `off` (the strictest given applies), so the new key
    /// is recorded as accept-new does. Before, the inventory's `off` still applied.
    @Test func aStricterSetBeatsAnInventorysOff() throws {
        let fixture = try StrangerFixture(try Lab.shared().manifest, more: ["known_hosts_policy = off"])
        defer { fixture.remove() }
        let (inventory, known) = (fixture.inventory, fixture.known)
        let script = known.path + ".chorus"
        defer { try? FileManager.default.removeItem(atPath: script) }
        try ":set host_key_policy accept-new\n:select far\necho fine\n".write(toFile: script, atomically: true, encoding: .utf8)
        let run = try LabScript.runProgram(BinaryTests.binary, ["-i", inventory.path, "--known-hosts", known.path, script])
        #expect(run.stdout.contains("far: fine"), "\(run.stdout)\(run.stderr)")
        #expect(try known.contents() != known.original, "accept-new records the new host's key (hashed or not)")
    }

    /// With no policy on the command line, the inventory's decides (here: stricter than the default).
    @Test func withoutACommandLinePolicyTheInventoryDecides() throws {
        let fixture = try StrangerFixture(try Lab.shared().manifest, more: ["known_hosts_policy = strict"])
        defer { fixture.remove() }
        let (inventory, known) = (fixture.inventory, fixture.known)
        let run = try LabScript.runProgram(BinaryTests.binary, ["-i", inventory.path, "--known-hosts", known.path,
            "-o", "json", "-w", "far", "echo fine"])
        #expect((try hostObjects(run.stdout)["far"]?["error"] as? String)?.hasPrefix("host-key-unknown: ") == true, "\(run.stdout)")
    }

    /// The shell (here a script) starts from the command line's policy, and `:set` cannot
    /// go below it.
    @Test(arguments: ["", ":set host_key_policy off\n"])
    func theShellKeepsStrictFromTheCommandLine(_ setLine: String) throws {
        let fixture = try StrangerFixture(try Lab.shared().manifest)
        defer { fixture.remove() }
        let (inventory, known) = (fixture.inventory, fixture.known)
        let script = known.path + ".chorus"
        defer { try? FileManager.default.removeItem(atPath: script) }
        try ":set errexit off\n\(setLine):select far\necho fine\n".write(toFile: script, atomically: true, encoding: .utf8)
        let run = try LabScript.runProgram(BinaryTests.binary, ["-i", inventory.path, "--known-hosts", known.path,
            "--host-key-policy", "strict", script])
        #expect(!run.stdout.contains("far: fine"), "\(run.stdout)")
        #expect(run.stdout.contains("host-key-unknown") || run.stderr.contains("host-key-unknown"), "\(run.stdout)\(run.stderr)")
        #expect(try known.contents() == known.original, "strict never writes known_hosts")
        if !setLine.isEmpty { #expect(run.stderr.contains("note: host_key_policy stays strict"), "\(run.stderr)") }
    }

    /// A policy word chorus does not know is an input error naming file and line: exit
    /// 2, nothing runs, never a silent accept-new.
    @Test func anUnknownPolicyWordIsAnErrorAndNothingRuns() throws {
        let lab = try Lab.shared().manifest
        let web = try #require(lab.hosts(inGroup: "web").last)
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        try inventory.addGroup("faults", [ScratchInventory.section("far", hostname: web.address, port: web.port, user: web.user,
            identityFile: lab.keys.ed25519, more: ["known_hosts_policy = yes"])])
        let known = try KnownHostsCopy(lab)
        defer { known.remove() }
        let marker = NSTemporaryDirectory() + "chorus-ran-\(UUID().uuidString)"
        let run = try LabScript.runProgram(BinaryTests.binary, ["-i", inventory.path, "--known-hosts", known.path,
            "-w", "web01", "touch \(marker)"])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("\(inventory.path)/faults.ini:6: ") && run.stderr.contains("known_hosts_policy"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: marker), "nothing ran")
    }

    /// `HashKnownHosts` in the user's OpenSSH config decides how a new host is recorded;
    /// the user's file wins over /etc/ssh/ssh_config.
    @Test(arguments: [true, false])
    func newHostsAreHashedWhenTheOpenSSHConfigSaysSo(_ hash: Bool) throws {
        let lab = try Lab.shared().manifest
        let web = try #require(lab.hosts(inGroup: "web").first)
        let home = NSTemporaryDirectory() + "chorus-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try "# ours\nHost *\n    HashKnownHosts \(hash ? "yes" : "no")\n".write(toFile: home + "/.ssh/config", atomically: true, encoding: .utf8)
        let known = home + "/known_hosts"
        var environment = LabScript.environment
        environment["HOME"] = home
        let run = try LabScript.runProgram(BinaryTests.binary, ["-i", lab.inventory, "--known-hosts", known,
            "--host-key-policy", "accept-new", "-w", web.name, "true"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: known, encoding: .utf8).split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix(hash ? "|1|" : "[\(web.address)]:\(web.port) ") }, "\(lines)")
        let found = try LabScript.runProgram("/usr/bin/ssh-keygen", ["-F", "[\(web.address)]:\(web.port)", "-f", known])
        #expect(found.status == 0, "ssh finds the entry: \(found.stdout)\(found.stderr)")
    }

    /// A write cut short (here by a 512-byte file size limit, as a full disk would) is
    /// taken back: no half line is left for ssh or chorus to trip over, and the host fails.
    @Test func aShortWriteLeavesKnownHostsAsItWas() throws {
        let lab = try Lab.shared().manifest
        let web = try #require(lab.hosts(inGroup: "web").first)
        let known = NSTemporaryDirectory() + "chorus-known-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: known) }
        let original = "# " + String(repeating: "x", count: 497) + "\n"  // 500 bytes: room for 12 more
        try original.write(toFile: known, atomically: true, encoding: .utf8)
        let run = try LabScript.runProgram("/bin/sh", ["-c", "ulimit -f 1 && exec \"$0\" \"$@\"", BinaryTests.binary,
            "-i", lab.inventory, "--known-hosts", known, "--host-key-policy", "accept-new", "-w", web.name, "true"])
        #expect(run.status == 4, "\(run.stdout)\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("cannot record host key in \(known): "), "\(run.stdout)\(run.stderr)")
        #expect(try String(contentsOfFile: known, encoding: .utf8) == original)
    }

    private func hostObjects(_ stdout: String) throws -> [String: [String: Any]] {
        Dictionary(uniqueKeysWithValues: try jsonObjects(stdout).compactMap { object in
            (object["host"] as? String).map { ($0, object) }
        })
    }
}

/// A host `far` that no known_hosts knows (one more sshd, with host keys of its own, on
/// the address of the lab's last web host), in the `faults` group of a scratch copy of
/// the lab's inventory, beside a copy of the lab's known_hosts.
struct StrangerFixture {
    let web: LabManifest.Host
    let stranger: ExtraSSHD
    let inventory: ScratchInventory
    let known: KnownHostsCopy

    init(_ lab: LabManifest, more: [String] = []) throws {
        web = try #require(lab.hosts(inGroup: "web").last)
        stranger = try ExtraSSHD(lab: lab, address: web.address, extra: [])
        inventory = try ScratchInventory(copying: lab)
        known = try KnownHostsCopy(lab)
        do {
            try inventory.addGroup("faults", [ScratchInventory.section("far", hostname: web.address, port: stranger.port,
                user: web.user, identityFile: lab.keys.ed25519, more: more)])
        } catch {
            remove()
            throw error
        }
    }

    func remove() {
        stranger.stop()
        inventory.remove()
        known.remove()
    }
}

/// A copy of the lab's known_hosts that a test may let chorus write to.
struct KnownHostsCopy {
    let path = NSTemporaryDirectory() + "chorus-known-\(UUID().uuidString)"
    let original: String

    init(_ lab: LabManifest) throws {
        original = try String(contentsOfFile: lab.knownHosts, encoding: .utf8)
        try original.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func contents() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
