import Foundation
import LabSupport
import Testing

/// A piped standard input reaches hosts behind a gateway as it reaches direct hosts: the
/// relay reads the shell's spool and sends its bytes in frames to the far worker, which
/// keeps a nameless copy on the gateway. Every host gets every byte, late ones too, a
/// command that reads none does not hold the run, and nothing stays on the gateway.
extension GatewayTests {
    @Test func pipedInputReachesHostsBehindTheGatewayAndADirectHostByteExactly() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab)
        defer { setup.remove() }
        let input = try InputFile(megabytes: 3)
        defer { input.remove() }
        let before = InputFile.spoolFolders()
        let run = try input.pipe(into: setup.arguments + ["-o", "json", "-w", "t[1-3],web01", InputFile.hashAndCount])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains("not forwarded"), "\(run.stderr)")
        try input.expectEveryHostGotIt(run, hosts: ["t1", "t2", "t3", "web01"])
        #expect(InputFile.spoolFolders().subtracting(before).isEmpty, "a spool or a copy of it is left")
        #expect(Self.waitUntil(seconds: 10) { setup.farWorkers().isEmpty }, "\(setup.farWorkers())")
    }

    @Test func hostsStartedLateBehindTheFanoutStillGetEveryByte() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab)
        defer { setup.remove() }
        let input = try InputFile(megabytes: 2)
        defer { input.remove() }
        let run = try input.pipe(into: setup.arguments + ["-f", "1", "-o", "json", "-w", "t[1-3],web01", InputFile.hashAndCount])
        #expect(run.status == 0, "\(run.stderr)")
        try input.expectEveryHostGotIt(run, hosts: ["t1", "t2", "t3", "web01"])
    }

    @Test func theGatewaysCopyOfTheInputHasNoNameAndGoesWithTheRun() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 2)
        defer { setup.remove() }
        let before = InputFile.spoolFolders()
        let quoted = (setup.arguments + ["-w", "t[1-2]", "wc -c"]).map { "'\($0)'" }.joined(separator: " ")
        let program = try RunningProgram("/bin/sh", ["-c", "(printf 12345; sleep 6) | '\(BinaryTests.binary)' \(quoted)"],
                                         environment: LabScript.environment)
        var copies: [String] = []
        #expect(Self.waitUntil(seconds: 30) {
            copies = setup.farWorkers().flatMap(Self.openInputCopies)
            return !copies.isEmpty
        }, "the far worker keeps its copy open")
        #expect(copies.allSatisfy { $0.hasSuffix("/stdin (deleted)") }, "the copy has no name on the gateway: \(copies)")
        let run = try program.wait()
        #expect(run.status == 0 && run.stdout.contains("t1: 5") && run.stdout.contains("t2: 5"), "\(run.stdout) \(run.stderr)")
        #expect(InputFile.spoolFolders().subtracting(before).isEmpty, "a spool or a copy of it is left")
        #expect(Self.waitUntil(seconds: 10) { setup.farWorkers().isEmpty }, "\(setup.farWorkers())")
    }

    @Test func inputThatEndsEarlyOrIsNotReadDoesNotHoldTheRun() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 2)
        defer { setup.remove() }
        let input = try InputFile(megabytes: 20)
        defer { input.remove() }
        let started = Date()
        let unread = try input.pipe(into: setup.arguments + ["-o", "json", "-w", "t[1-2],web01", "true"])
        #expect(unread.status == 0, "\(unread.stderr)")
        let partly = try input.pipe(into: setup.arguments + ["-o", "json", "-w", "t[1-2],web01", "head -c 10 | wc -c"])
        #expect(partly.status == 0, "\(partly.stderr)")
        for object in try jsonObjects(partly.stdout) {
            #expect((object["stdout"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) == "10", "\(object)")
        }
        let empty = try LabScript.runProgram("/bin/sh", ["-c", "printf '' | '\(BinaryTests.binary)' "
            + (setup.arguments + ["-w", "t[1-2]", "wc -c"]).map { "'\($0)'" }.joined(separator: " ")], environment: LabScript.environment)
        #expect(empty.status == 0 && empty.stdout.contains("t1: 0") && empty.stdout.contains("t2: 0"), "\(empty.stdout)")
        // An input that stays open (a background `sleep` holds the pipe) holds no command that reads none.
        let open = try LabScript.runProgram("/usr/bin/timeout", ["30", "/bin/sh", "-c", "{ echo x; sleep 20 & } | \"$0\" \"$@\"",
            BinaryTests.binary] + setup.arguments + ["-w", "t[1-2],web01", "echo done"], environment: LabScript.environment)
        #expect(open.status == 0, "status \(open.status) (124: still waiting after 30 s): \(open.stderr)")
        #expect(open.stdout.split(separator: "\n").sorted() == ["t1: done", "t2: done", "web01: done"], "\(open.stdout)")
        #expect(Date().timeIntervalSince(started) < 90, "the runs ended without waiting for input nobody reads")
    }

    /// Through a gateway that only another gateway reaches, the relay's frames go over
    /// the tunnel like any others: the far host gets every byte.
    @Test func pipedInputReachesAHostBehindChainedGateways() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 2)
        defer { setup.remove() }
        let (inner, far) = (setup.network.targetAddresses[0], setup.network.targetAddresses[1])
        let login = ["username = \(setup.user)", "password = \(try #require(setup.targetPassword))"]
        try setup.inventory.addGroup("chained", [
            (["[inner]", "hostname = \(inner)", "gateway = gw"] + login).joined(separator: "\n") + "\n",
            (["[far]", "hostname = \(far)", "gateway = inner"] + login).joined(separator: "\n") + "\n",
        ])
        let input = try InputFile(megabytes: 2)
        defer { input.remove() }
        let run = try input.pipe(into: setup.arguments + ["-o", "json", "-w", "far,web01", InputFile.hashAndCount])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        try input.expectEveryHostGotIt(run, hosts: ["far", "web01"])
        #expect(Self.waitUntil(seconds: 5) { setup.farWorkers().isEmpty }, "no worker is left on either gateway")
    }

    /// The session mux keeps the gateway's relay and its worker there between runs: each
    /// run's input reaches the hosts behind it, and neither keeps any of it afterwards.
    @Test func aRelayKeptByTheMuxCarriesEachRunsInputAndKeepsNoneOfIt() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 2)
        defer { setup.remove() }
        let runtime = try SessionMuxTests.Runtime(lab)
        let base = Array(setup.arguments.dropLast(2))  // without --persist no
        let environment = ["XDG_RUNTIME_DIR": runtime.path]
        let first = try InputFile(megabytes: 2), second = try InputFile(megabytes: 1)
        defer { [first, second].forEach { $0.remove() } }
        let one = try first.pipe(into: base + ["--persist", "1m", "-o", "json", "-w", "t[1-2],web01", InputFile.hashAndCount],
                                 environment: environment)
        let pid = try runtime.muxPID()
        defer { try? runtime.finish(pid) }
        #expect(one.status == 0, "\(one.stderr)")
        try first.expectEveryHostGotIt(one, hosts: ["t1", "t2", "web01"])
        let two = try second.pipe(into: base + ["-o", "json", "-w", "t[1-2],web01", InputFile.hashAndCount], environment: environment)
        #expect(two.status == 0, "\(two.stderr)")
        try second.expectEveryHostGotIt(two, hosts: ["t1", "t2", "web01"])
        let relay = try #require(Self.relayPID(in: try runtime.status().stdout), "the mux holds the gateway's relay")
        #expect(!setup.farWorkers().isEmpty, "the gateway's worker lives on with the mux")
        #expect(Self.waitUntil(seconds: 5) {
            (setup.farWorkers() + ["\(relay)"]).flatMap(Self.openInputCopies).isEmpty
        }, "the relay and the gateway's worker hold no input after the runs")
    }

    /// 120 MB of `yes` to each host while the gateway's copy is watched: it is freed
    /// behind the hosts (`inputFree`), so its disk use stays near the shell's 8 MiB lead.
    @Test func anEndlessInputFlowsThroughTheGatewayAndItsCopyStaysSmall() throws {  // 14 MB at most measured; 120 MB unfreed
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 2)
        defer { setup.remove() }
        let command = (setup.arguments + ["-o", "json", "-w", "t[1-2],web01", "head -c 120000000 | wc -c"])
            .map { "'\($0)'" }.joined(separator: " ")
        let program = try RunningProgram("/bin/sh", ["-c", "yes | '\(BinaryTests.binary)' \(command)"],
                                         environment: LabScript.environment)
        var largest: Int64 = 0, samples = 0
        for _ in 0..<1200 where Self.isRunning(program.pid) {  // 120 s at most
            for pid in setup.farWorkers() {
                for link in Self.openInputCopyDescriptors(pid) {
                    var info = stat()
                    if stat(link, &info) == 0 { (largest, samples) = (max(largest, Int64(info.st_blocks) * 512), samples + 1) }
                }
            }
            usleep(100_000)
        }
        let run = try program.wait()
        #expect(run.status == 0, "\(run.stderr)")
        let objects = try jsonObjects(run.stdout)
        #expect(objects.count == 3)
        for object in objects {
            #expect((object["stdout"] as? String)?.trimmingCharacters(in: .whitespacesAndNewlines) == "120000000", "\(object)")
        }
        #expect(samples > 0, "the copy was seen")
        #expect(largest < 48 << 20, "the gateway's copy held at most \(largest) bytes on disk")
    }

    /// Alive and not yet a zombie waiting to be reaped.
    static func isRunning(_ pid: pid_t) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].hasPrefix(") Z")
    }

    /// `/proc/PID/fd/N` of the input copies a process holds open (stat follows them).
    static func openInputCopyDescriptors(_ pid: String) -> [String] {
        let folder = "/proc/\(pid)/fd"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.map { folder + "/" + $0 }.filter {
            ((try? FileManager.default.destinationOfSymbolicLink(atPath: $0)) ?? "").contains("chorus-input.")
        }
    }

    /// Paths of input copies (`chorus-input.*`) a process holds open.
    static func openInputCopies(_ pid: String) -> [String] {
        let folder = "/proc/\(pid)/fd"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + $0) }
            .filter { $0.contains("chorus-input.") }
    }
}

/// A file of random bytes piped into chorus, and the checks that each host got it whole.
struct InputFile {
    let path = NSTemporaryDirectory() + "chorus-stdin-\(UUID().uuidString)"

    init(megabytes: Int) throws {
        let made = try LabScript.runProgram("/bin/sh", ["-c", "head -c \(megabytes)M /dev/urandom > '\(path)'"])
        try #require(made.status == 0)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// `chorus ARGUMENTS < FILE`, through a pipe (`cat`), so it is not a seekable file.
    func pipe(into arguments: [String], environment extra: [String: String] = [:]) throws -> LabScript.Output {
        let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
        return try LabScript.runProgram("/bin/sh", ["-c", "cat '\(path)' | '\(BinaryTests.binary)' \(quoted)"],
                                        environment: LabScript.environment.merging(extra) { $1 })
    }

    /// A host's command that prints the SHA-256 and the size of what it read.
    static let hashAndCount = "f=$(mktemp) && cat > \"$f\" && sha256sum < \"$f\" && wc -c < \"$f\"; rm -f \"$f\""

    /// Each host printed the file's SHA-256 and its size (`hashAndCount`).
    func expectEveryHostGotIt(_ run: LabScript.Output, hosts: [String]) throws {
        let hash = try LabScript.runProgram("/usr/bin/sha256sum", [path]).stdout.prefix(64)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? -1
        let objects = try jsonObjects(run.stdout)
        for host in hosts {
            let object = try #require(objects.first { $0["host"] as? String == host }, "\(host): \(run.stdout)")
            let words = (object["stdout"] as? String ?? "").split(whereSeparator: \.isWhitespace)
            #expect(words.count == 3 && words[0] == hash && words[2] == "\(size)", "\(host) got every byte: \(object)")
        }
    }

    /// The `chorus-input.*` folders in the temporary folders a spool or a copy could use.
    static func spoolFolders() -> Set<String> {
        let folders = Set(["/tmp", NSTemporaryDirectory(), LabScript.environment["TMPDIR"] ?? "/tmp"])
        return Set(folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("chorus-input.") }
                .map { folder + "/" + $0 }
        })
    }
}
