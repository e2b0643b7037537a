import Foundation
import LabSupport
import Testing

/// `chorus put` / `get` / `batch_scp` end to end against the lab. Lab hosts are local
/// sshd processes sharing this machine's file system, so a remote path is checked by
/// reading it here; every host's copy was checked by the host itself (`--checksum` runs
/// `sha256sum` on each host's temporary file before it is renamed into place).
@Suite struct TransferTests {
    static let fiftyHosts = "web[01-40],db[01-10]"

    @Test func fiftyHostsPutAndGetSmallEmptyBinaryAndLargeFilesWithChecksums() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch(), fetched = try Scratch()
        defer { [local, remote, fetched].forEach { $0.remove() } }
        try local.write("small.txt", Data("hello, hosts\n".utf8))
        try local.write("empty", Data())
        var random = SeededRandom(seed: 6)
        try local.write("binary.bin", Data((0..<(1 << 18)).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0.prefix(4)) } } + [0, 0, 0xff, 0xfe]))
        try local.makeRandomFile("big.bin", megabytes: 100)
        let names = ["small.txt", "empty", "binary.bin", "big.bin"]

        let put = try chorus(OneShotTests.labArguments(lab) + ["-o", "json", "put", "-w", Self.fiftyHosts, "--checksum"]
            + names.map(local.path) + [remote.dir + "/"])
        #expect(put.status == 0, "\(put.stderr)")
        let statuses = try jsonObjects(put.stdout).compactMap { $0["status"] as? String }
        #expect(statuses == Array(repeating: "ok", count: 50), "\(put.stdout)")
        #expect(try remote.names() == Set(names), "nothing but the four files: no temporary file left")
        for name in names { #expect(try sha256(remote.path(name)) == sha256(local.path(name)), "\(name)") }

        let get = try chorus(OneShotTests.labArguments(lab) + ["get", "-w", Self.fiftyHosts, "--checksum"]
            + ["small.txt", "empty", "binary.bin"].map(remote.path) + [fetched.dir])
        #expect(get.status == 0, "\(get.stderr)")
        let hosts = (1...40).map { String(format: "web%02d", $0) } + (1...10).map { String(format: "db%02d", $0) }
        #expect(try fetched.names() == Set(hosts), "one folder per host")
        for host in hosts {
            for name in ["small.txt", "empty", "binary.bin"] {
                #expect(FileManager.default.contents(atPath: "\(fetched.dir)/\(host)/\(name)") == local.contents(name), "\(host)/\(name)")
            }
        }
        let big = try chorus(OneShotTests.labArguments(lab) + ["get", "-w", "web[01-05],db[01-05]", "--checksum", remote.path("big.bin"), fetched.dir])
        #expect(big.status == 0, "\(big.stderr)")
        let bigDigest = try sha256(local.path("big.bin"))
        for host in ["web01", "web05", "db01", "db05"] { #expect(try sha256("\(fetched.dir)/\(host)/big.bin") == bigDigest) }
    }

    @Test func foldersGoRecursivelyWithModesAndTimesAndComeBackPerHost() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch(), fetched = try Scratch()
        defer { [local, remote, fetched].forEach { $0.remove() } }
        try local.write("site/index.html", Data("<h1>hi</h1>\n".utf8))
        try local.write("site/css/a.css", Data("a{}\n".utf8), mode: 0o640)
        try local.write("site/bin/run.sh", Data("#!/bin/sh\necho run\n".utf8), mode: 0o755)
        try FileManager.default.createDirectory(atPath: local.path("site/empty"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: local.path("site/latest.html"), withDestinationPath: "index.html")
        let old = Date(timeIntervalSince1970: 1_600_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: local.path("site/css/a.css"))

        let into = try chorus(OneShotTests.labArguments(lab) + ["put", "-w", "web[01-03]", "-r", "-L", "-p", local.path("site"), remote.dir])
        #expect(into.status == 0, "\(into.stderr)")
        #expect(remote.contents("site/css/a.css") == Data("a{}\n".utf8))
        #expect(remote.contents("site/latest.html") == Data("<h1>hi</h1>\n".utf8), "with -L a symlink to a file is sent as the file")
        #expect(try remote.mode("site/css/a.css") == 0o640)
        #expect(try remote.mode("site/bin/run.sh") == 0o755)
        #expect(try remote.modified("site/css/a.css") == old, "-p keeps the modification time")
        #expect(try remote.isFolder("site/empty"))

        let renamed = try chorus(OneShotTests.labArguments(lab) + ["put", "-w", "web01", "-r", local.path("site"), remote.path("www")])
        #expect(renamed.status == 0, "\(renamed.stderr)")
        #expect(remote.contents("www/index.html") == Data("<h1>hi</h1>\n".utf8), "a new name takes the folder's place")

        let get = try chorus(OneShotTests.labArguments(lab) + ["get", "-w", "web[01-02]", "-r", remote.path("site"), fetched.dir])
        #expect(get.status == 0, "\(get.stderr)")
        for host in ["web01", "web02"] {
            #expect(fetched.contents("\(host)/site/css/a.css") == Data("a{}\n".utf8))
            #expect(fetched.contents("\(host)/site/bin/run.sh") == local.contents("site/bin/run.sh"))
            #expect(try fetched.isFolder("\(host)/site/empty"))
        }
        let noR = try chorus(OneShotTests.labArguments(lab) + ["-o", "json", "get", "-w", "web01", remote.path("site"), fetched.dir])
        #expect(noR.status == 4)
        #expect((try jsonObjects(noR.stdout).first?["error"] as? String)?.hasPrefix("not-a-file: ") == true, "\(noR.stdout)")
    }

    /// What `-r` leaves out of a put, each with a line on stderr: a name that is not
    /// UTF-8 (paths travel as UTF-8 text), a FIFO, a symlink to a folder. The rest
    /// arrives and the run succeeds.
    @Test func aPutLeavesOutOddEntriesWithALineEach() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        try local.write("tree/good", Data("good\n".utf8))
        try FileManager.default.createDirectory(atPath: local.path("tree/sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: local.path("tree/link"), withDestinationPath: "sub")
        #expect(mkfifo(local.path("tree/pipe"), 0o600) == 0)
        var badName = Array(local.path("tree/bad").utf8CString)  // "…/bad" then 0xFF, before the NUL
        badName.insert(CChar(bitPattern: 0xFF), at: badName.count - 1)
        let fd = open(badName, O_CREAT | O_WRONLY, 0o644)
        #expect(fd >= 0)
        close(fd)

        let put = try chorus(OneShotTests.labArguments(lab) + ["put", "-w", "web01", "-r", local.path("tree"), remote.dir])
        #expect(put.status == 0, "\(put.stderr)")
        let lines = put.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("chorus: skipped \(local.path("tree/bad"))\u{FFFD}: the name is not valid UTF-8"), "\(lines)")
        #expect(lines.contains("chorus: skipped \(local.path("tree/pipe")): not a regular file or folder"), "\(lines)")
        #expect(lines.contains("chorus: skipped \(local.path("tree/link")): a symlink to a folder (not followed)"), "\(lines)")
        #expect(lines.count == 3, "one line each and nothing else: \(lines)")
        #expect(try remote.names(in: "tree") == ["good", "sub"])
    }

    @Test func eachHostGetsATransferOutcomeOfItsOwn() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        try local.write("app.conf", Data("x = 1\n".utf8))
        let readOnly = remote.path("locked")
        try FileManager.default.createDirectory(atPath: readOnly, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        let refused = "127.0.0.1:\(try Loopback.unusedPort(on: "127.0.0.1"))"

        func errors(_ arguments: [String]) throws -> (status: Int32, byHost: [String: String]) {
            let run = try chorus(OneShotTests.labArguments(lab) + ["-o", "json"] + arguments)
            let pairs = try jsonObjects(run.stdout).compactMap { object -> (String, String)? in
                guard let host = object["host"] as? String else { return nil }
                return (host, object["error"] as? String ?? (object["status"] as? String ?? ""))
            }
            return (run.status, Dictionary(uniqueKeysWithValues: pairs))
        }
        let missing = try errors(["put", "-w", "web01,\(refused)", local.path("app.conf"), remote.path("no/such/folder/")])
        #expect(missing.status == 4)
        #expect(missing.byHost["web01"]?.hasPrefix("no-such-directory: ") == true, "\(missing.byHost)")
        #expect(missing.byHost[refused]?.hasPrefix("refused: ") == true, "an SSH failure keeps its own kind: \(missing.byHost)")

        let denied = try errors(["put", "-w", "web01,db01", local.path("app.conf"), readOnly + "/"])
        #expect(denied.status == 4)
        #expect(denied.byHost.values.allSatisfy { $0.hasPrefix("permission-denied: ") }, "\(denied.byHost)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: readOnly).isEmpty)

        let absent = try errors(["get", "-w", "web01", remote.path("absent.log"), remote.path("fetched")])
        #expect(absent.status == 4)
        #expect(absent.byHost["web01"]?.hasPrefix("no-such-file: ") == true, "\(absent.byHost)")
        #expect(try remote.names(in: "fetched/web01").isEmpty, "no partial file on this side either")
    }

    @Test func cancelledHalfwayLeavesNoPartialFileUnderTheFinalName() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        try local.makeRandomFile("big.bin", megabytes: 100)
        let program = try RunningProgram(BinaryTests.binary, OneShotTests.labArguments(lab)
            + ["-o", "json", "put", "-w", "web[01-10]", local.path("big.bin"), remote.dir + "/"])
        try waitUntil("temporary files appear") { try remote.names().contains { $0.hasSuffix(".tmp") } }
        kill(program.pid, SIGINT)
        let run = try program.wait()
        #expect(run.status == 3, "\(run.stderr)")
        let statuses = try jsonObjects(run.stdout).compactMap { $0["status"] as? String }
        #expect(statuses.contains("cancelled") && statuses.allSatisfy { $0 == "cancelled" || $0 == "ok" }, "\(statuses)")
        if FileManager.default.fileExists(atPath: remote.path("big.bin")) {
            #expect(try sha256(remote.path("big.bin")) == sha256(local.path("big.bin")), "a file in place is complete")
        }
        #expect(try remote.names().filter { $0.hasSuffix(".tmp") }.isEmpty, "temporary files are removed on cancel")
    }

    @Test func aHostKilledMidTransferFailsAloneAndTheOthersComplete() throws {
        let lab = try Lab.start(hosts: 20, ports: 2)  // 2 sshd listeners: kill one's sessions only
        defer { try? lab.stop() }
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        try local.makeRandomFile("big.bin", megabytes: 100)
        let program = try RunningProgram(BinaryTests.binary, OneShotTests.labArguments(lab.manifest)
            + ["-o", "json", "put", "-w", "web*,db*,cache*", local.path("big.bin"), remote.dir + "/"])
        try waitUntil("temporary files appear") { try remote.names().filter { $0.hasSuffix(".tmp") }.count >= 10 }
        let firstListener = try #require(lab.manifest.sshdPids.first)
        ProcessTree.descendants(of: [firstListener]).forEach { kill($0, SIGKILL) }
        let run = try program.wait()
        let objects = try jsonObjects(run.stdout)
        // A dying sshd may still answer a subsystem request with a refusal before the
        // socket closes; that host's outcome then says so.
        let lost = objects.filter {
            ($0["error"] as? String).map { $0.hasPrefix("disconnected: ") || $0.hasPrefix("remote: cannot start the SFTP subsystem") } == true
        }
        let ok = objects.filter { $0["status"] as? String == "ok" }
        #expect(objects.count == 20)
        #expect(ok.count + lost.count == 20, "\(run.stdout)")
        #expect(ok.count >= 4, "the other sshd's hosts finish")
        #expect(run.status == 4)
        #expect(try sha256(remote.path("big.bin")) == sha256(local.path("big.bin")))
    }

    @Test func originalBatchScpSyntaxPutsAndGets() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch(), fetched = try Scratch()
        defer { [local, remote, fetched].forEach { $0.remove() } }
        try local.write("test.py", Data("print('hi')\n".utf8))
        let put = try chorus(OneShotTests.labArguments(lab) + ["batch_scp", "-h", "web01,web02", "-g", "cache", "-action", "put",
                                                              "-local", local.path("test.py"), "-remote", remote.dir + "/"])
        #expect(put.status == 0, "\(put.stderr)")
        #expect(remote.contents("test.py") == local.contents("test.py"))
        let get = try chorus(OneShotTests.labArguments(lab) + ["batch_scp", "-h", "web01", "-g", "cache", "-action", "get",
                                                              "-local", fetched.dir, "-remote", remote.path("test.py")])
        #expect(get.status == 0, "\(get.stderr)")
        for host in ["web01"] + lab.hosts(inGroup: "cache").map(\.name) {
            #expect(fetched.contents("\(host)/test.py") == local.contents("test.py"), "\(host)")
        }
    }

    @Test func badLocalInputIsAUsageErrorAndNothingRuns() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch()
        defer { local.remove() }
        try FileManager.default.createDirectory(atPath: local.path("folder"), withIntermediateDirectories: true)
        let missing = try chorus(OneShotTests.labArguments(lab) + ["put", "-w", "web01", local.path("nope"), "/tmp/"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read \(local.path("nope")): No such file or directory"), "\(missing.stderr)")
        let folder = try chorus(OneShotTests.labArguments(lab) + ["put", "-w", "web01", local.path("folder"), "/tmp/"])
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("is a folder: use -r"), "\(folder.stderr)")
        let oneWord = try chorus(OneShotTests.labArguments(lab) + ["put", "-w", "web01", "/tmp/"])
        #expect(oneWord.status == 2)
    }

    @Test func perHostLinesAndTheShellsPutAndGet() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch(), fetched = try Scratch()
        defer { [local, remote, fetched].forEach { $0.remove() } }
        try local.write("notes.txt", Data("from the shell\n".utf8))
        let perHost = try chorus(OneShotTests.labArguments(lab) + ["put", "--per-host", "-w", "web[01-02]", local.path("notes.txt"), remote.dir])
        #expect(perHost.status == 0, "\(perHost.stderr)")
        let lines = perHost.stdout.split(separator: "\n").map(String.init).sorted()
        #expect(lines.count == 2 && lines[0].hasPrefix("web01: ok · 15 B in ") && lines[1].hasPrefix("web02: ok · 15 B in "), "\(lines)")

        let script = """
            :select web[01-02]
            cd \(remote.dir)
            :put \(local.path("notes.txt")) copy.txt
            :get copy.txt \(fetched.dir)
            batch_scp -h web03 -action put -local \(local.path("notes.txt")) -remote \(remote.dir)/legacy.txt
            """
        let run = try chorusScript(script, lab: lab)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(remote.contents("copy.txt") == local.contents("notes.txt"), "a relative remote path starts where cd went")
        #expect(fetched.contents("web02/copy.txt") == local.contents("notes.txt"))
        #expect(remote.contents("legacy.txt") == local.contents("notes.txt"))
    }
}

/// A scratch folder both sides can use: lab hosts log in as other users, so it is
/// world-writable (and not sticky, so one host's user may replace another's file).
struct Scratch {
    let dir = NSTemporaryDirectory() + "chorus-xfer-\(UUID().uuidString)"

    init() throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        chmod(dir, 0o777)
    }

    func path(_ name: String) -> String { dir + "/" + name }

    func write(_ name: String, _ data: Data, mode: Int = 0o644) throws {
        let folder = (path(name) as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        #expect(FileManager.default.createFile(atPath: path(name), contents: data, attributes: [.posixPermissions: mode]))
    }

    func makeRandomFile(_ name: String, megabytes: Int) throws {
        let run = try LabScript.runProgram("/bin/sh", ["-c", "head -c \(megabytes)M /dev/urandom > '\(path(name))'"])
        #expect(run.status == 0)
    }

    func contents(_ name: String) -> Data? { FileManager.default.contents(atPath: path(name)) }

    func names(in folder: String = "") throws -> Set<String> {
        let target = folder.isEmpty ? dir : path(folder)
        guard FileManager.default.fileExists(atPath: target) else { return [] }
        return Set(try FileManager.default.contentsOfDirectory(atPath: target))
    }

    func mode(_ name: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path(name))[.posixPermissions] as? Int)
    }

    func modified(_ name: String) throws -> Date {
        try #require(FileManager.default.attributesOfItem(atPath: path(name))[.modificationDate] as? Date)
    }

    func isFolder(_ name: String) throws -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path(name), isDirectory: &folder) && folder.boolValue
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }
}

func sha256(_ path: String) throws -> String {
    let run = try LabScript.runProgram("/usr/bin/sha256sum", [path])
    return String(run.stdout.prefix(64))
}

/// Polls `condition` every 50 ms for at most 60 s (other suites may load the machine).
func waitUntil(_ what: String, _ condition: () throws -> Bool) throws {
    for _ in 0..<1200 {
        if try condition() { return }
        usleep(50_000)
    }
    Issue.record("gave up waiting until \(what)")
}
