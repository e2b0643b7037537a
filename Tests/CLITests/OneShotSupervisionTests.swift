import Foundation
import LabSupport
import Testing

/// Interrupting chorus and losing a worker: nothing hangs, nothing is left running.
@Suite struct OneShotSupervisionTests {
    @Test func interruptCancelsEveryHostAndLeavesNoRemoteProcess() throws {
        let lab = try Lab.shared().manifest
        let program = try RunningProgram(BinaryTests.binary, OneShotTests.labArguments(lab)
            + ["-o", "json", "-w", "web[01-20]", "sleep 30.125"])
        try waitForRemote("sleep 30.125", count: 20)
        kill(program.pid, SIGINT)
        let run = try program.wait()
        #expect(run.status == 3, "\(run.stderr)")
        let statuses = try jsonObjects(run.stdout).compactMap { $0["status"] as? String }
        #expect(statuses == Array(repeating: "cancelled", count: 20))
        #expect(try remoteCount("sleep 30.125") == 0, "a remote sleep survived ^C")
    }

    @Test(arguments: [(SIGTERM, "sleep 30.25"), (SIGHUP, "sleep 30.375")])
    func terminationStopsWorkersAndRemoteCommands(signal: Int32, sleep: String) throws {
        let lab = try Lab.shared().manifest
        let program = try RunningProgram(BinaryTests.binary, OneShotTests.labArguments(lab) + ["-w", "web[01-04]", sleep])
        try waitForRemote(sleep, count: 4)
        let workers = program.children()
        #expect(!workers.isEmpty)
        kill(program.pid, signal)
        let run = try program.wait()
        #expect(run.status == 128 + signal)
        #expect(workers.allSatisfy { kill($0, 0) != 0 }, "a worker outlived chorus")
        #expect(try remoteCount(sleep) == 0)
    }

    @Test func aKilledWorkerIsAResultForItsHostsOnly() throws {
        let lab = try Lab.shared().manifest
        let program = try RunningProgram(BinaryTests.binary, OneShotTests.labArguments(lab)
            + ["--workers", "2", "-o", "json", "-w", "web[01-10]", "sleep 12.375; echo done"])
        try waitForRemote("sleep 12.375", count: 10)
        let victim = try #require(program.children().first)
        kill(victim, SIGKILL)
        let run = try program.wait()
        let objects = try jsonObjects(run.stdout)
        let died = objects.filter { ($0["error"] as? String)?.hasPrefix("worker-died") == true }
        let ok = objects.filter { $0["status"] as? String == "ok" }
        #expect(objects.count == 10)
        #expect(!died.isEmpty && !ok.isEmpty, "one worker's hosts fail, the other's succeed")
        #expect(died.count + ok.count == 10)
        #expect(run.status == 4)
    }

    /// A worker killed outright cannot cancel anything: the hosts end their commands
    /// themselves when its connections go.
    @Test func killedWorkersLeaveNoRemoteCommand() throws {
        let lab = try Lab.shared().manifest
        let program = try RunningProgram(BinaryTests.binary, OneShotTests.labArguments(lab)
            + ["--workers", "2", "-u", "120", "-o", "json", "-w", "web[11-20]", "sleep 60.123"])
        try waitForRemote("sleep 60.123", count: 10)
        let workers = program.children()
        #expect(workers.count == 2)
        workers.forEach { kill($0, SIGKILL) }
        var left = try remoteCount("sleep 60.123")
        for _ in 0..<100 where left > 0 {  // 10 s at most
            usleep(100_000)
            left = try remoteCount("sleep 60.123")
        }
        #expect(left == 0, "remote commands outlived their killed workers")
        let run = try program.wait()
        #expect(try jsonObjects(run.stdout).allSatisfy { ($0["error"] as? String)?.hasPrefix("worker-died") == true })
        #expect(run.status == 4)
    }

    /// A login file that prints more than the marker search covers hides the command's
    /// process group: a timeout then says the command may still be running.
    @Test func aTimeoutWithoutTheProcessGroupSaysTheCommandMayStillRun() throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").last)
        let server = try ExtraSSHD(lab: lab, address: host.address, extra: [
            "ForceCommand head -c 9000 /dev/zero | tr '\\0' x; echo; exec /bin/sh -c \"$SSH_ORIGINAL_COMMAND\"",
        ])
        defer { server.stop() }
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        try inventory.addGroup("chatty", [
            ScratchInventory.section("chatty1", hostname: host.address, port: server.port, identityFile: lab.keys.ed25519),
        ])
        let run = try chorus(["-i", inventory.path, "--host-key-policy", "off", "-u", "3", "-w", "chatty1", "sleep 20.875"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("chatty1: the command may still be running"), "\(run.stderr)")
        var left = try remoteCount("sleep 20.875")
        for _ in 0..<50 where left > 0 {  // 5 s at most
            usleep(100_000)
            left = try remoteCount("sleep 20.875")
        }
        #expect(left == 0, "closing the channel lets the wrapper's watchdog end the command")
    }

    /// A worker told to stop (`kill`, a cgroup stop) cancels its jobs and says bye: its
    /// hosts are cancelled, not lost, and their commands are killed.
    @Test(arguments: [(SIGTERM, "sleep 30.5625"), (SIGHUP, "sleep 30.6875")])
    func aTerminatedWorkerCancelsItsJobs(signal: Int32, sleep: String) throws {
        let lab = try Lab.shared().manifest
        let program = try RunningProgram(BinaryTests.binary, OneShotTests.labArguments(lab)
            + ["--workers", "1", "-o", "json", "-w", "web[05-07]", sleep])
        try waitForRemote(sleep, count: 3)
        let worker = try #require(program.children().first)
        kill(worker, signal)
        let run = try program.wait()
        let statuses = try jsonObjects(run.stdout).compactMap { $0["status"] as? String }
        #expect(statuses == ["cancelled", "cancelled", "cancelled"], "\(run.stdout)")
        #expect(run.status == 3)
        #expect(try remoteCount(sleep) == 0)
    }

    /// A worker that stops answering (here: stopped) is killed by the shell once the
    /// command timeout and a grace period have passed, so a cron run never hangs.
    @Test func aStoppedWorkerIsKilledAfterTheCommandTimeout() throws {
        let lab = try Lab.shared().manifest
        let program = try RunningProgram("/usr/bin/timeout", ["90", BinaryTests.binary] + OneShotTests.labArguments(lab)
            + ["--workers", "1", "-o", "json", "-u", "8", "-w", "web[08-09]", "sleep 20.9375"])
        try waitForRemote("sleep 20.9375", count: 2)
        let chorus = try #require(program.children().first)
        let worker = try #require(ProcessTree.children(of: chorus).first)
        kill(worker, SIGSTOP)
        let run = try program.wait()
        #expect(run.status == 4, "status \(run.status) (124: still waiting on the stopped worker after 90 s)")
        let errors = try jsonObjects(run.stdout).compactMap { $0["error"] as? String }
        #expect(errors.count == 2 && errors.allSatisfy { $0.contains("did not answer within the command timeout") }, "\(errors)")
    }

    /// Nobody reads the output any more (`| head -1`): the run ends at once with the
    /// SIGPIPE status, and the remote commands are cancelled (not left to `-u`).
    @Test func aClosedStandardOutputCancelsTheRun() throws {
        let lab = try Lab.shared().manifest
        let token = "chorus-epipe-\(UUID().uuidString.prefix(8))"
        let run = try LabScript.runProgram("/usr/bin/timeout", ["90", "/bin/bash", "-c",
            "\"$0\" \"$@\" | head -1; echo \"status=${PIPESTATUS[0]}\"", BinaryTests.binary]
            + OneShotTests.labArguments(lab) + ["-u", "50", "-w", "web[01-03]", "yes \(token)"])
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines[0].hasSuffix(": \(token)"), "\(run.stdout)")
        #expect(lines.last == "status=141", "\(run.stdout) \(run.stderr)")
        #expect(try remoteCount("yes \(token)") == 0, "a remote yes outlived the closed pipe")
    }
}

/// How many processes on this machine run `text` (lab hosts are local processes).
func remoteCount(_ text: String) throws -> Int {
    let run = try LabScript.runProgram("/usr/bin/pgrep", ["-c", "-f", "-x", text])
    return Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
}

/// Waits (at most 60 s: other suites may be loading the machine) until `count`
/// processes run `text` on the lab hosts. Commands waited for sleep long enough
/// (12 s or more) that they cannot finish between two looks.
func waitForRemote(_ text: String, count: Int) throws {
    for _ in 0..<600 {
        if try remoteCount(text) >= count { return }
        usleep(100_000)
    }
    Issue.record("only \(try remoteCount(text)) of \(count) remote '\(text)' started within 60 s")
}

/// A host's sshd dies mid-command: that host is a failure, the others finish.
@Suite struct SSHDDeathTests {
    @Test func sshdKilledMidCommandIsThatHostsFailureOnly() throws {
        let lab = try Lab.start(hosts: 20, ports: 2)  // 2 sshd listeners: kill one's sessions only
        defer { try? lab.stop() }
        let manifest = lab.manifest
        let program = try RunningProgram(BinaryTests.binary, OneShotTests.labArguments(manifest)
            + ["-o", "json", "-w", "web*,db*,cache*", "sleep 12.625; echo done"])
        try waitForRemote("sleep 12.625", count: 20)
        let firstListener = try #require(manifest.sshdPids.first)
        let sessions = ProcessTree.descendants(of: [firstListener])
        #expect(!sessions.isEmpty)
        sessions.forEach { kill($0, SIGKILL) }
        let run = try program.wait()
        let objects = try jsonObjects(run.stdout)
        let lost = objects.filter { ($0["error"] as? String)?.hasPrefix("disconnected") == true }
        let ok = objects.filter { $0["status"] as? String == "ok" }
        #expect(lost.count == 16, "the 16 hosts of the first sshd lose their connection")
        #expect(ok.count == 4, "the other sshd's 4 hosts finish")
        #expect(run.status == 4)
    }
}

/// The network to one host is cut mid-command (its link goes down inside a namespace
/// this test creates): keepalive notices, that host fails, the others finish.
@Suite struct NetworkCutTests {
    @Test func linkCutMidCommandIsDetectedByKeepalive() throws {
        let lab = try Lab.shared().manifest
        let remote = try NamespaceHost(lab: lab)
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        try inventory.addGroup("far", [
            ScratchInventory.section("nshost", hostname: remote.address, port: remote.port, identityFile: lab.keys.ed25519),
        ])
        let knownHosts = NSTemporaryDirectory() + "chorus-ns-known-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: knownHosts) }
        let program = try RunningProgram(BinaryTests.binary, ["-i", inventory.path, "--known-hosts", knownHosts,
            "--host-key-policy", "accept-new", "--keepalive", "1", "-o", "json", "-w", "web01,nshost", "sleep 12.125; echo done"])
        try waitForRemote("sleep 12.125", count: 2)
        try remote.setLink(up: false)
        let run = try program.wait()
        let byHost = Dictionary(uniqueKeysWithValues: try jsonObjects(run.stdout).compactMap { object in
            (object["host"] as? String).map { ($0, object) }
        })
        #expect(byHost["web01"]?["status"] as? String == "ok")
        #expect((byHost["nshost"]?["error"] as? String)?.hasPrefix("disconnected") == true, "\(byHost["nshost"] ?? [:])")
        #expect(run.status == 4)
    }

    /// The link to a host goes down mid-command and nothing can reach it any more, not
    /// even a cancel: the host's sshd notices on its own (its ClientAlive probes go
    /// unanswered), closes the session, and the wrapper's watchdog ends the command.
    @Test func aCommandEndsOnTheHostWhenItsLinkIsCut() throws {
        let lab = try Lab.shared().manifest
        let remote = try NamespaceHost(lab: lab, sshdSettings: ["ClientAliveInterval 1", "ClientAliveCountMax 2"])
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        try inventory.addGroup("far", [
            ScratchInventory.section("nshost", hostname: remote.address, port: remote.port, identityFile: lab.keys.ed25519),
        ])
        let sleep = "sleep 60.8125"
        let program = try RunningProgram(BinaryTests.binary, ["-i", inventory.path, "--host-key-policy", "off",
            "--keepalive", "1", "-o", "json", "-w", "nshost", sleep])
        try waitForRemote(sleep, count: 1)
        try remote.setLink(up: false)
        var left = try remoteCount(sleep)
        for _ in 0..<200 where left > 0 {  // 20 s at most; sshd gives up after about 3 s
            usleep(100_000)
            left = try remoteCount(sleep)
        }
        #expect(left == 0, "the remote command outlived the cut link")
        let run = try program.wait()
        #expect(run.status == 4, "\(run.stdout) \(run.stderr)")
    }
}
