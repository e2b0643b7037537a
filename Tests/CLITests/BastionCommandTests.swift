import Foundation
import LabSupport
import Testing

/// Hosts behind a bastion from the command line (`-J`) and the inventory (`proxy_jump`),
/// through a real sshd that forwards TCP: each worker process opens one session to the
/// bastion whatever the number of hosts; a bastion that refuses fails only its hosts.
@Suite(.serialized) struct BastionCommandTests {
    @Test func jumpReachesEveryHostOnOneBastionSessionPerWorker() throws {
        let lab = try Lab.shared().manifest
        let setup = try Setup(lab)
        defer { setup.remove() }
        let sleep = "sleep 12.0625"
        let program = try RunningProgram(BinaryTests.binary, setup.arguments + [
            "-J", "bastion", "--workers", "2", "-o", "json", "-w", "web[01-06]", "echo $SSH_CONNECTION; \(sleep)"])
        try waitForRemote(sleep, count: 6)
        let connections = setup.bastion.connectionCount()
        let run = try program.wait()
        #expect(run.status == 0, "\(run.stderr)")
        let answers = try Self.answers(run)
        for host in lab.hosts(inGroup: "web").prefix(6) {
            let fields = answers[host.name]?.split(separator: " ") ?? []
            #expect(fields.count == 4 && fields[2] == host.address, "\(host.name): \(answers[host.name] ?? "no answer")")
        }
        #expect(connections == 2, "the bastion served \(connections) connections for 2 workers and 6 hosts")
    }

    @Test func aGroupsProxyJumpIsFollowedAndMinusJNoneTurnsItOff() throws {
        let lab = try Lab.shared().manifest
        let setup = try Setup(lab, more: ["[group:web]", "proxy_jump = bastion"])
        defer { setup.remove() }
        let sleep = "sleep 12.1875"
        let program = try RunningProgram(BinaryTests.binary, setup.arguments + [
            "--workers", "1", "-o", "json", "-w", "web[01-04],db01", "echo $SSH_CONNECTION; \(sleep)"])
        try waitForRemote(sleep, count: 5)
        let connections = setup.bastion.connectionCount()
        let run = try program.wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.answers(run).count == 5)
        #expect(connections == 1, "one worker, one bastion session; db01 goes directly")

        let hosts = try chorus(setup.arguments + ["hosts", "--json", "web01,db01"])
        let jumps = try Self.proxyJumps(hosts.stdout)
        #expect(jumps == ["web01": ["bastion"], "db01": []], "\(hosts.stdout)")
        let off = try chorus(setup.arguments + ["-J", "none", "hosts", "--json", "web01"])
        #expect(try Self.proxyJumps(off.stdout) == ["web01": []])
        let direct = try chorus(setup.arguments + ["-J", "none", "-o", "json", "-w", "web01", "echo direct"])
        #expect(direct.status == 0 && setup.bastion.connectionCount() == 0, "\(direct.stderr)")
    }

    @Test func aBastionThatRefusesFailsOnlyTheHostsBehindIt() throws {
        let lab = try Lab.shared().manifest
        let setup = try Setup(lab, more: ["[group:web]", "proxy_jump = refusing"])
        defer { setup.remove() }
        let run = try chorus(setup.arguments + ["-o", "json", "-w", "web[01-02],db01", "echo fine"])
        #expect(run.status == 4, "an SSH-level failure is exit class 4; \(run.stderr)")
        let byHost = Dictionary(uniqueKeysWithValues: try jsonObjects(run.stdout).compactMap { object in
            (object["host"] as? String).map { ($0, object) }
        })
        for host in ["web01", "web02"] {
            let error = byHost[host]?["error"] as? String ?? ""
            #expect(error.hasPrefix("auth-failed: bastion refusing: authentication failed"), "\(host): \(error)")
        }
        #expect(byHost["db01"]?["stdout"] as? String == "fine\n")
    }

    @Test func theShellKeepsItsSessionsThroughTheBastion() throws {
        let lab = try Lab.shared().manifest
        let setup = try Setup(lab)
        defer { setup.remove() }
        let (first, second) = ("sleep 12.3125", "sleep 12.4375")
        let script = ":select web[01-04]\n\(first)\n\(second)\n"
        let quoted = (setup.arguments + ["-J", "bastion", "--workers", "2"]).map { "'\($0)'" }.joined(separator: " ")
        var environment = LabScript.environment
        environment["SCRIPT"] = script
        let program = try RunningProgram("/bin/sh", ["-c", "printf '%s' \"$SCRIPT\" | '\(BinaryTests.binary)' \(quoted)"],
                                         environment: environment)
        try waitForRemote(first, count: 4)
        let during = setup.bastion.connectionPIDs()
        try waitForRemote(second, count: 4)
        let after = setup.bastion.connectionPIDs()
        let run = try program.wait()
        #expect(run.status == 0, "\(run.stderr)")
        #expect(during.count == 2, "one bastion session per worker: \(during)")
        #expect(after == during, "the second command reused the bastion sessions")
    }

    @Test func filesGoBothWaysThroughTheBastion() throws {
        let lab = try Lab.shared().manifest
        let setup = try Setup(lab)
        defer { setup.remove() }
        let local = try Scratch(), remote = try Scratch(), fetched = try Scratch()
        defer { [local, remote, fetched].forEach { $0.remove() } }
        try local.write("notes.txt", Data("through the bastion\n".utf8))
        let put = try chorus(setup.arguments + ["-J", "bastion", "put", "-w", "web01", local.path("notes.txt"), remote.path("copy.txt")])
        #expect(put.status == 0, "\(put.stderr)")
        #expect(remote.contents("copy.txt") == local.contents("notes.txt"))
        let get = try chorus(setup.arguments + ["-J", "bastion", "get", "-w", "web[01-02]", remote.path("copy.txt"), fetched.dir])
        #expect(get.status == 0, "\(get.stderr)")
        #expect(fetched.contents("web02/copy.txt") == local.contents("notes.txt"))
    }

    @Test func aBadJumpListIsAUsageError() throws {
        for (value, reason) in [("gw,,db", "an empty bastion name"), ("gw:0", "bastion 'gw:0' is not [user@]host[:port]")] {
            let run = try chorus(["-J", value, "hosts"])
            #expect(run.status == 2)
            #expect(run.stderr.hasPrefix("chorus: option -J expects none or HOST[,HOST…]: \(reason)"), "\(run.stderr)")
        }
    }

    /// The lab's inventory plus `bastion` (a forwarding sshd, key login) and `refusing`
    /// (the same sshd, a wrong password), and a known_hosts copy that learns the bastion's
    /// new port under accept-new.
    struct Setup {
        let bastion: ExtraSSHD
        let inventory: ScratchInventory
        let knownHosts: String

        init(_ lab: LabManifest, more: [String] = []) throws {
            let web = try #require(lab.hosts(inGroup: "web").last)
            bastion = try ExtraSSHD(lab: lab, address: web.address, extra: ["AllowTcpForwarding yes"])
            inventory = try ScratchInventory(copying: lab)
            knownHosts = inventory.path + "-known_hosts"
            try FileManager.default.copyItem(atPath: lab.knownHosts, toPath: knownHosts)
            let bastionSection = ScratchInventory.section("bastion", hostname: web.address, port: bastion.port,
                                                          user: web.user, identityFile: lab.keys.ed25519)
            let refusing = ["[refusing]", "hostname = \(web.address)", "port = \(bastion.port)", "username = \(web.user)",
                            "password = not-the-password"].joined(separator: "\n") + "\n"
            try inventory.addGroup("bastions", [bastionSection, refusing] + (more.isEmpty ? [] : [more.joined(separator: "\n")]))
        }

        var arguments: [String] { ["-i", inventory.path, "--known-hosts", knownHosts] }

        func remove() {
            bastion.stop()
            inventory.remove()
            try? FileManager.default.removeItem(atPath: knownHosts)
        }
    }

    /// Each host's standard output, by host name, from JSON lines.
    static func answers(_ run: LabScript.Output) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try jsonObjects(run.stdout).compactMap { object in
            guard let host = object["host"] as? String, let out = object["stdout"] as? String else { return nil }
            return (host, out.trimmingCharacters(in: .whitespacesAndNewlines))
        })
    }

    /// `proxy_jump` of each host in `chorus hosts --json` output (one array).
    static func proxyJumps(_ text: String) throws -> [String: [String]] {
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: array.compactMap { object in
            guard let name = object["name"] as? String, let jumps = object["proxy_jump"] as? [String] else { return nil }
            return (name, jumps)
        })
    }
}

extension ExtraSSHD {
    /// The processes serving its connections now, one per connection.
    func connectionPIDs() -> [String] {
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").map(String.init).sorted()
    }
}
