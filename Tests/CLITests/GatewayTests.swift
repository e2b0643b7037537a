import Foundation
import LabSupport
import Testing

/// Hosts only a gateway can reach (network namespaces: the client's root namespace has
/// no route to them), run through a worker started on the gateway over SSH: output,
/// JSON and exit classes as for direct hosts, the worker binary copied there when
/// missing, a gateway's host key checked, ^C reaching through, a lost gateway failing
/// exactly its hosts, and nothing left running or written there.
///
/// Serialized: the tests share the gateway user's `~/.cache/chorus`, which one of them empties.
@Suite(.serialized) struct GatewayTests {
    @Test func commandsRunOnHostsOnlyTheGatewayReaches() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab)
        defer { setup.remove() }
        let direct = try chorus(setup.arguments + ["--gateway", "none", "-t", "3", "-o", "json", "-w", "t1", "true"])
        #expect(direct.status == 4, "the client has no route to the targets: \(direct.stdout)")
        let run = try chorus(setup.arguments + ["-o", "json", "-w", "t[1-3],web01", "echo $SSH_CONNECTION; exit 3"])
        #expect(run.status == 5, "every command ran and exited 3: \(run.stderr)")
        let objects = try jsonObjects(run.stdout)
        #expect(objects.count == 4)
        for (index, address) in setup.network.targetAddresses.enumerated() {
            let object = try #require(objects.first { $0["host"] as? String == "t\(index + 1)" })
            let fields = (object["stdout"] as? String ?? "").split(separator: " ")
            #expect(object["exit_code"] as? Int == 3 && object["error"] is NSNull, "\(object)")
            #expect(fields.count == 4 && fields[0] == setup.network.bastionInnerAddress && fields[2] == address,
                    "t\(index + 1) is reached from the gateway's inner address: \(object)")
        }
        let web = try #require(objects.first { $0["host"] as? String == "web01" })
        #expect(web["exit_code"] as? Int == 3, "a direct host runs beside them: \(web)")
    }

    @Test func aGatewayWithoutChorusGetsTheBinaryCopiedAndChecked() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab)
        defer { setup.remove() }
        let cache = try setup.gatewayCache()
        try? FileManager.default.removeItem(atPath: cache)
        let first = try chorus(setup.arguments + ["-o", "json", "-w", "t1", "echo copied"])
        #expect(first.status == 0, "\(first.stderr)")
        let copies = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasPrefix("chorus-") }
        #expect(copies.count == 1, "\(copies)")
        let copy = cache + "/" + (copies.first ?? "")
        let local = try LabScript.runProgram("/usr/bin/sha256sum", [BinaryTests.binary]).stdout.prefix(64)
        let remote = try LabScript.runProgram("/usr/bin/sha256sum", [copy]).stdout.prefix(64)
        #expect(local == remote && copy.hasSuffix(String(local.prefix(16))), "the copy is named by its hash and is this binary")
        #expect(try Self.mode(of: cache) == 0o700 && Self.mode(of: copy) == 0o700)

        // A copy that no longer matches its hash is never run: it is replaced.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: copy))
        try handle.truncate(atOffset: 4096)
        try handle.close()
        let second = try chorus(setup.arguments + ["-o", "json", "-w", "t2", "echo again"])
        #expect(second.status == 0, "\(second.stderr)")
        let replaced = try LabScript.runProgram("/usr/bin/sha256sum", [copy]).stdout.prefix(64)
        #expect(replaced == local)
    }

    @Test func aGatewayWithAWrongHostKeyFailsItsHostsOnly() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab)
        defer { setup.remove() }
        // The gateway's address with another host's key (the lab's ecdsa user key, as a host key line).
        let foreignKey = try String(contentsOfFile: lab.keys.ecdsa + ".pub", encoding: .utf8).split(separator: " ").prefix(2)
        try "\(setup.network.bastionAddress) \(foreignKey.joined(separator: " "))\n"
            .write(toFile: setup.knownHosts, atomically: true, encoding: .utf8)
        let run = try chorus(setup.arguments + ["--host-key-policy", "strict", "-o", "json", "-w", "t[1-2]", "echo reached"])
        #expect(run.status == 4, "\(run.stdout)")
        for object in try jsonObjects(run.stdout) {
            let error = object["error"] as? String ?? ""
            #expect(error.hasPrefix("gateway: gw: ") && error.contains("host key"), "\(object)")
            #expect(object["stdout"] as? String == "", "nothing ran behind a gateway that failed its check")
        }
    }

    @Test func cancelReachesThroughTheGatewayAndNothingIsLeftThere() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab)
        defer { setup.remove() }
        let sleep = "sleep 12.8125"
        let program = try RunningProgram(BinaryTests.binary, setup.arguments + ["-o", "json", "-w", "t[1-3]", sleep])
        try waitForRemote(sleep, count: 3)
        kill(program.pid, SIGINT)
        let run = try program.wait()
        #expect(run.status == 3, "cancelled is exit class 3: \(run.stdout) \(run.stderr)")
        let outcomes = try jsonObjects(run.stdout).map { $0["status"] as? String }
        #expect(outcomes == ["cancelled", "cancelled", "cancelled"], "\(run.stdout)")
        #expect(Self.waitUntil(seconds: 5) { (try? remoteCount(sleep)) == 0 }, "the remote commands were stopped")
        #expect(Self.waitUntil(seconds: 5) { setup.farWorkers().isEmpty }, "the gateway's worker exited: \(setup.farWorkers())")
    }

    @Test func aGatewayLostMidCommandFailsExactlyItsHosts() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab)
        defer { setup.remove() }
        let sleep = "sleep 12.9375"
        let program = try RunningProgram(BinaryTests.binary, setup.arguments + [
            "-o", "json", "-w", "t[1-2],web02", "\(sleep); echo finished"])
        try waitForRemote(sleep, count: 3)
        let gatewayConnections = ProcessTree.descendants(of: [try #require(setup.network.bastionPID)])
        #expect(!gatewayConnections.isEmpty)
        gatewayConnections.forEach { kill($0, SIGKILL) }
        let run = try program.wait()
        #expect(run.status == 4, "\(run.stderr)")
        for object in try jsonObjects(run.stdout) {
            if object["host"] as? String == "web02" {
                #expect(object["stdout"] as? String == "finished\n", "the direct host finished: \(object)")
            } else {
                let error = object["error"] as? String ?? ""
                #expect(error.hasPrefix("gateway: gw lost"), "\(object)")
            }
        }
    }

    @Test func aPutCrossesTheClientLinkOnceForAllTheGatewaysHosts() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 4)
        defer { setup.remove() }
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        let size = 3 << 20
        try local.makeRandomFile("blob", megabytes: 3)
        try local.write("tree/conf/app.conf", Data("key = value\n".utf8))
        let before = setup.network.bytesSentToBastion()
        let put = try chorus(setup.arguments + ["put", "-r", "--checksum", "-w", "t[1-4]", local.path("blob"), local.path("tree"),
                                                remote.dir + "/"])
        let sent = setup.network.bytesSentToBastion() - before
        #expect(put.status == 0, "\(put.stderr)")
        #expect(remote.contents("blob") == local.contents("blob") && remote.contents("tree/conf/app.conf") == local.contents("tree/conf/app.conf"))
        #expect(sent > UInt64(size) && sent < UInt64(size) * 3 / 2, "4 hosts, one copy over the client link: \(sent) bytes for \(size)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.gatewayCache()).allSatisfy { !$0.hasPrefix("stage-") },
                "the staging folder is removed at the end")
    }

    @Test func aGetBringsEachHostsFilesBackThroughTheGateway() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 2)
        defer { setup.remove() }
        let remote = try Scratch(), fetched = try Scratch()
        defer { [remote, fetched].forEach { $0.remove() } }
        try remote.write("tree/sub/notes.txt", Data("far away\n".utf8))
        try remote.makeRandomFile("tree/blob", megabytes: 1)
        let get = try chorus(setup.arguments + ["get", "-r", "-w", "t[1-2]", remote.path("tree"), fetched.dir])
        #expect(get.status == 0, "\(get.stderr)")
        for host in ["t1", "t2"] {
            #expect(fetched.contents("\(host)/tree/blob") == remote.contents("tree/blob"), "\(host)")
            #expect(fetched.contents("\(host)/tree/sub/notes.txt") == remote.contents("tree/sub/notes.txt"), "\(host)")
        }
        let missing = try chorus(setup.arguments + ["get", "-o", "json", "-w", "t1", remote.path("nothing-here"), fetched.dir])
        #expect(missing.status == 4, "\(missing.stdout)")
        #expect((try jsonObjects(missing.stdout).first?["error"] as? String)?.hasPrefix("no-such-file") == true, "\(missing.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: setup.gatewayCache()).allSatisfy { !$0.hasPrefix("stage-") })
    }

    @Test func aGatewayLostMidTransferFailsItsHostsAndLeavesNoPartialFile() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 2)
        defer { setup.remove() }
        // 24 MB at 32 Mbit/s: six seconds on the client link, so the loss comes mid-copy.
        let put = try SlowPut(setup, rate: "32mbit", copiedAtLeast: 4 << 20)
        defer { put.remove() }
        ProcessTree.descendants(of: [try #require(setup.network.bastionPID)]).forEach { kill($0, SIGKILL) }
        let run = try put.program.wait()
        #expect(run.status == 4, "\(run.stdout) \(run.stderr)")
        for object in try jsonObjects(run.stdout) {
            #expect((object["error"] as? String)?.hasPrefix("gateway: gw lost") == true, "\(object)")
        }
        #expect(put.remote.contents("big") == nil, "no partial file under the final name")
    }

    @Test func cancelStopsAPutStillCopyingToTheGateway() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 2)
        defer { setup.remove() }
        let put = try SlowPut(setup, rate: "16mbit", copiedAtLeast: 2 << 20)
        defer { put.remove() }
        let asked = Date()
        kill(put.program.pid, SIGINT)
        let run = try put.program.wait()
        #expect(Date().timeIntervalSince(asked) < 5, "the cancel did not wait for the copy (12 s at this rate)")
        #expect(run.status == 3, "\(run.stdout) \(run.stderr)")
        #expect(try jsonObjects(run.stdout).map { $0["status"] as? String } == ["cancelled", "cancelled"], "\(run.stdout)")
        #expect(put.remote.contents("big") == nil)
    }

    @Test func theShellSendsAFileAgainThroughTheGatewayOnceItChanged() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 1)
        defer { setup.remove() }
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        try local.write("app.conf", Data("first\n".utf8))
        let folder = NSTemporaryDirectory() + "chorus-shell-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let command = "'\(BinaryTests.binary)' " + setup.arguments.map { "'\($0)'" }.joined(separator: " ")
        let shell = try Tmux(folder: URL(fileURLWithPath: folder), command: command, removesFolder: true)
        defer { shell.stop() }
        try shell.waitFor("chorus [none]>", attempts: 250)
        try InteractiveShellTests.select("t1", hosts: 1, in: shell)
        for text in ["first\n", "second, longer\n"] {
            try local.write("app.conf", Data(text.utf8))
            try shell.type(":put \(local.path("app.conf")) \(remote.dir)/")
            try shell.press("Enter")
            // The relay and its staged copies live on between the shell's commands.
            #expect(Self.waitUntil(seconds: 20) { remote.contents("app.conf") == Data(text.utf8) },
                    "the host got \(String(decoding: remote.contents("app.conf") ?? Data(), as: UTF8.self).debugDescription)")
        }
    }

    @Test func aKeyChangedInKnownHostsHereHoldsBehindTheGatewayAtTheShellsNextLogin() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 1)
        defer { setup.remove() }
        let folder = NSTemporaryDirectory() + "chorus-shell-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let command = "'\(BinaryTests.binary)' " + setup.arguments.map { "'\($0)'" }.joined(separator: " ")
        let shell = try Tmux(folder: URL(fileURLWithPath: folder), command: command, removesFolder: true)
        defer { shell.stop() }
        try shell.waitFor("chorus [none]>", attempts: 250)
        try InteractiveShellTests.select("t1", hosts: 1, in: shell)
        try shell.type("echo first-$((1+1))")
        try shell.press("Enter")
        try shell.waitFor("first-2")
        // The operator pins another key for t1 here and logs in again: the relay (kept by
        // the shell) must not go on with its old copy of the file. (A session still open
        // is not checked again, as for a direct host.)
        let foreignKey = try String(contentsOfFile: lab.keys.ecdsa + ".pub", encoding: .utf8).split(separator: " ").prefix(2)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: setup.knownHosts))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\(setup.network.targetAddresses[0]) \(foreignKey.joined(separator: " "))\n".utf8))
        try handle.close()
        try shell.type(":disconnect")
        try shell.press("Enter")
        try shell.waitFor("disconnected t1")
        try shell.type("echo second-$((1+1))")
        try shell.press("Enter")
        let screen = try shell.waitFor("host key")
        #expect(!screen.contains("second-2"), "\(screen)")
    }

    @Test func theShellKeepsOneGatewayWorkerAndItsSessionsBetweenCommands() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab)
        defer { setup.remove() }
        let run = try setup.shell(":select t[1-2]\necho $SSH_CONNECTION\necho $SSH_CONNECTION\n")
        #expect(run.status == 0, "\(run.stderr)")
        for host in ["t1", "t2"] {
            let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix("\(host): ") }
            #expect(lines.count == 2 && lines[0] == lines[1], "the second command came over the same session: \(lines)")
        }
    }

    @Test func noSecretReachesTheGatewaysProcessListOrFiles() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab)
        defer { setup.remove() }
        let password = try #require(setup.targetPassword)
        let sleep = "sleep 12.1875"
        let program = try RunningProgram(BinaryTests.binary, setup.arguments + ["-o", "json", "-w", "t[1-2]", sleep])
        try waitForRemote(sleep, count: 2)
        let leaks = Self.processes(withArgument: password) + Self.processes(withArgument: password, in: "environ")
        let files = try Self.files(under: setup.gatewayCache(), containing: password)
        kill(program.pid, SIGINT)
        _ = try program.wait()
        #expect(leaks.isEmpty, "the targets' password is in the command line or environment of \(leaks)")
        #expect(files.isEmpty, "the targets' password was written to \(files)")
    }

    @Test func twoGatewaysShareTheirHostsWhichLogInWithKeysSentInFrames() throws {
        let lab = try GatewayLab.start(gateways: 2, targets: 6)
        defer { try? lab.stop() }
        let manifest = lab.manifest
        let run = try chorus(["-i", manifest.inventory, "--known-hosts", manifest.knownHosts, "--persist", "no",
                              "--host-key-policy", "strict", "-o", "json", "-g", "behind", "echo $SSH_CONNECTION"])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let sources = try jsonObjects(run.stdout).compactMap { ($0["stdout"] as? String)?.split(separator: " ").first.map(String.init) }
        let bySource = Dictionary(grouping: sources) { $0 }.mapValues(\.count)
        let gatewayAddresses = Set(lab.network.gateways.map(\.segmentAddress))
        #expect(sources.count == 6 && Set(bySource.keys) == gatewayAddresses, "each host from one of the gateways: \(bySource)")
        #expect(bySource.values.allSatisfy { $0 == 3 }, "the hosts are shared evenly: \(bySource)")
        let key = try String(contentsOfFile: manifest.keys.ed25519, encoding: .utf8)
        let body = try #require(key.split(separator: "\n").dropFirst().first.map(String.init))
        let home = try LabScript.runProgram("/usr/bin/getent", ["passwd", try #require(manifest.users.first?.name)])
            .stdout.split(separator: ":", omittingEmptySubsequences: false)
        #expect(try Self.files(under: String(home[5]) + "/.cache/chorus", containing: body).isEmpty, "the key was written there")
    }

    @Test func aBadGatewayListIsAUsageErrorOrAFileLine() throws {
        for (value, reason) in [("gw,,db", "an empty gateway name"), ("gw:0", "gateway 'gw:0' is not [user@]host[:port]")] {
            let run = try chorus(["--gateway", value, "hosts"])
            #expect(run.status == 2)
            #expect(run.stderr.hasPrefix("chorus: option --gateway expects none or HOST[,HOST…]: \(reason)"), "\(run.stderr)")
        }
        let lab = try Lab.shared().manifest
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        try inventory.addGroup("far", ["[far1]", "hostname = 10.0.0.1", "gateway = gw one"])
        let run = try chorus(["-i", inventory.path, "hosts", "far1"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("far.ini:3") && run.stderr.contains("gateway 'gw one' has a space in it"), "\(run.stderr)")
    }

    static func mode(of path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        for _ in 0..<Int(seconds * 20) {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// Processes with `text` in one of their command-line words (or, with `in:
    /// "environ"`, in an environment entry).
    static func processes(withArgument text: String, in file: String = "cmdline") -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.filter { pid in
            let words = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/\(file)"))) ?? Data()
            return words.split(separator: 0).contains { String(decoding: $0, as: UTF8.self).contains(text) }
        }
    }

    static func files(under folder: String, containing text: String) throws -> [String] {
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            let data = (try? Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))) ?? Data()
            return data.range(of: Data(text.utf8)) != nil
        }
    }
}

/// A gateway in a namespace (`BastionNetwork`'s bastion: the client reaches it, it
/// reaches the targets, the client does not) as inventory host `gw` (key login), and
/// its targets `t1…` (password login, `gateway = gw`), beside the lab's own hosts.
struct GatewaySetup {
    let network: BastionNetwork
    let inventory: ScratchInventory
    let knownHosts: String
    let user: String
    let targetPassword: String?

    init(_ lab: LabManifest, targets: Int = 3) throws {
        network = try BastionNetwork(lab: lab, targets: targets)
        inventory = try ScratchInventory(copying: lab)
        knownHosts = inventory.path + "-known_hosts"
        try FileManager.default.copyItem(atPath: lab.knownHosts, toPath: knownHosts)
        let account = try #require(lab.users.first { $0.password != nil }, "the gateway tests need the lab's password users (root)")
        (user, targetPassword) = (account.name, account.password)
        let gateway = ScratchInventory.section("gw", hostname: network.bastionAddress, port: network.port, user: user,
                                               identityFile: lab.keys.ed25519)
        let hosts = network.targetAddresses.enumerated().map { index, address in
            ["[t\(index + 1)]", "hostname = \(address)", "username = \(user)", "password = \(account.password ?? "")",
             "gateway = gw"].joined(separator: "\n") + "\n"
        }
        try inventory.addGroup("gateways", [gateway])
        try inventory.addGroup("behind", hosts)
    }

    var arguments: [String] { ["-i", inventory.path, "--known-hosts", knownHosts, "--persist", "no"] }

    /// The interactive shell reading `script` from a pipe, on this setup's inventory.
    func shell(_ script: String) throws -> LabScript.Output {
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        var environment = LabScript.environment
        environment["SCRIPT"] = script
        return try LabScript.runProgram("/bin/sh", ["-c", "printf '%s' \"$SCRIPT\" | '\(BinaryTests.binary)' \(quoted)"],
                                        environment: environment)
    }

    /// A one-shot run on this setup's inventory that may use (or, with `--persist`, start)
    /// the session mux of `runtime`'s folder.
    func chorus(_ words: [String], mux runtime: SessionMuxTests.Runtime) throws -> LabScript.Output {
        try CLITests.chorus(Array(arguments.dropLast(2)) + words, environment: ["XDG_RUNTIME_DIR": runtime.path])
    }

    /// The gateway user's cache of worker binaries.
    func gatewayCache() throws -> String {
        let home = try LabScript.runProgram("/usr/bin/getent", ["passwd", user]).stdout.split(separator: ":", omittingEmptySubsequences: false)
        return String(try #require(home.count >= 6 ? home[5] : nil)) + "/.cache/chorus"
    }

    /// Workers running on the gateway now (the copied binary, in worker mode).
    func farWorkers() -> [String] {
        GatewayTests.processes(withArgument: "/.cache/chorus/chorus-")
    }

    func remove() {
        network.stop()
        inventory.remove()
        try? FileManager.default.removeItem(atPath: knownHosts)
    }
}

/// A put of 24 MB to t1 and t2 through a gateway whose client link is shaped to `rate`,
/// returned once `copiedAtLeast` bytes have crossed it (so the copy is under way).
struct SlowPut {
    let program: RunningProgram
    let local: Scratch
    let remote: Scratch

    init(_ setup: GatewaySetup, rate: String, copiedAtLeast bytes: UInt64) throws {
        (local, remote) = (try Scratch(), try Scratch())
        try local.makeRandomFile("big", megabytes: 24)
        let warm = try chorus(setup.arguments + ["-w", "t1", "true"])  // the worker binary is on the gateway
        try #require(warm.status == 0, "\(warm.stderr)")
        let shaped = try LabScript.runProgram("/usr/sbin/tc", ["qdisc", "add", "dev", setup.network.clientLink, "root",
                                                               "tbf", "rate", rate, "burst", "64kb", "latency", "100ms"])
        try #require(shaped.status == 0, "\(shaped.stderr)")
        let before = setup.network.bytesSentToBastion()
        program = try RunningProgram(BinaryTests.binary, setup.arguments + ["-o", "json", "put", "-w", "t[1-2]",
                                                                            local.path("big"), remote.dir + "/"])
        #expect(GatewayTests.waitUntil(seconds: 20) { setup.network.bytesSentToBastion() - before > bytes }, "the copy started")
    }

    func remove() { [local, remote].forEach { $0.remove() } }
}
