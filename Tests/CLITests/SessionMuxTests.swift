import Foundation
import Glibc
import LabSupport
import Testing

/// The session mux end to end (`--persist`, `chorus mux status|stop`): the real binary
/// against the lab, each test with a runtime folder of its own (so its own mux).
/// Whether a session was reused is read from the host's side: `$SSH_CONNECTION` names
/// the client's port, which only a new login changes.
@Suite struct SessionMuxTests {
    /// A scratch `XDG_RUNTIME_DIR`, and the mux started under it.
    final class Runtime {
        let path = NSTemporaryDirectory() + "chorus-mux-\(UUID().uuidString.prefix(8))"
        let lab: LabManifest

        init(_ lab: LabManifest) throws {
            self.lab = lab
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }

        var socket: String { path + "/chorus/mux-0.1.0.sock" }

        func run(_ arguments: [String], policy: String = "strict", environment: [String: String] = [:]) throws -> LabScript.Output {
            try chorus(["-i", lab.inventory, "--known-hosts", lab.knownHosts, "--host-key-policy", policy] + arguments,
                       environment: environment.merging(["XDG_RUNTIME_DIR": path]) { $1 })
        }

        /// The client ports by host, from `echo $SSH_CONNECTION` lines.
        func ports(_ arguments: [String], policy: String = "strict") throws -> [String: String] {
            let output = try run(arguments + ["echo $SSH_CONNECTION"], policy: policy)
            #expect(output.status == 0, "\(output.stderr)")
            return Dictionary(uniqueKeysWithValues: output.stdout.split(separator: "\n").map { line in
                let words = line.split(separator: " ")
                return (String(words[0].dropLast()), String(words[2]))
            })
        }

        func status() throws -> LabScript.Output { try run(["mux", "status"]) }

        /// The mux's pid from `chorus mux status`, or nil when none runs.
        func muxPID() throws -> pid_t? {
            let output = try status()
            guard output.status == 0, let line = output.stdout.split(separator: "\n").first else { return nil }
            return line.split(separator: " ").dropFirst(3).first.flatMap { pid_t($0.trimmingCharacters(in: .punctuationCharacters)) }
        }

        /// Stops the mux (and checks that it and its workers are gone), then removes the folder.
        func finish(_ pid: pid_t?) throws {
            _ = try run(["mux", "stop"])
            if let pid {
                let gone = ProcessTree.waitUntilGone([pid], seconds: 10)
                #expect(gone, "the mux \(pid) exited on stop")
                if !gone { kill(pid, SIGKILL) }
            }
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    @Test func aSecondRunReusesTheSessionsOnAnySubsetWithTheSameOutput() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        let first = try runtime.ports(["--persist", "1m", "-w", "web[01-03]"])
        let pid = try runtime.muxPID()
        defer { try? runtime.finish(pid) }
        try #require(pid != nil, "--persist left a mux running")
        #expect(first.count == 3)
        #expect(try runtime.ports(["-w", "web[01-03]"]) == first, "a run without --persist uses the running mux")
        #expect(try runtime.ports(["-w", "web02"]) == ["web02": first["web02"]], "a subset reuses its hosts' sessions")
        let status = try runtime.status().stdout
        #expect(status.contains("web[01-03]") && status.contains("pid \(pid ?? 0)"), "\(status)")

        let json = try runtime.run(["-o", "json", "-w", "web[01-03]", "exit 3"])
        #expect(json.status == 5)
        let objects = try jsonObjects(json.stdout)
        #expect(objects.count == 3 && objects.allSatisfy { $0["exit_code"] as? Int == 3 && $0["status"] as? String == "exited" })
    }

    @Test func changedConnectionSettingsLogInAfresh() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        let first = try runtime.ports(["--persist", "1m", "-w", "web[01-02]"])
        let pid = try runtime.muxPID()
        defer { try? runtime.finish(pid) }
        let relaxed = try runtime.ports(["-w", "web[01-02]"], policy: "off")
        #expect(relaxed.count == 2 && relaxed["web01"] != first["web01"] && relaxed["web02"] != first["web02"],
                "another host-key policy is another session")
        let timeout = try runtime.ports(["-t", "7", "-w", "web01"], policy: "off")
        #expect(timeout["web01"] != relaxed["web01"], "another connect timeout is another session")
    }

    @Test func aStaleSocketIsIgnoredAndReplaced() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        _ = try runtime.ports(["--persist", "1m", "-w", "web01"])
        let dead = try #require(try runtime.muxPID())
        kill(dead, SIGKILL)
        #expect(ProcessTree.waitUntilGone([dead], seconds: 10))
        #expect(FileManager.default.fileExists(atPath: runtime.socket), "the dead mux left its socket")

        let quiet = try runtime.run(["-w", "web01", "true"])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "a stale mux is ignored without a word: \(quiet.stderr)")
        #expect(try runtime.muxPID() == nil)
        _ = try runtime.ports(["--persist", "1m", "-w", "web01"])
        let fresh = try runtime.muxPID()
        defer { try? runtime.finish(fresh) }
        #expect(fresh != nil && fresh != dead, "--persist starts a new mux in the stale one's place")
    }

    /// The folder is 0700, so another user cannot reach the socket; opened up here on
    /// purpose, the mux still closes another user's connection unanswered (SO_PEERCRED).
    @Test func anotherUserIsRefused() throws {
        try #require(getuid() == 0, "switching users needs root (CI runs as root)")
        let runtime = try Runtime(try Lab.shared().manifest)
        _ = try runtime.ports(["--persist", "1m", "-w", "web01"])
        let pid = try runtime.muxPID()
        defer { try? runtime.finish(pid) }
        let probe = """
            use IO::Socket::UNIX; my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "connect: $!";
            $SIG{PIPE} = 'IGNORE'; $s->syswrite(pack("N", 5) . pack("C", 3) . pack("N", 0));
            my $got = $s->sysread(my $buffer, 100); print defined $got ? "read $got\\n" : "read error\\n";
            """
        let own = try LabScript.runProgram("/usr/bin/perl", ["-e", probe, runtime.socket])
        #expect(own.stdout.hasPrefix("read ") && own.stdout != "read 0\n", "the owner gets a status: \(own.stdout)\(own.stderr)")
        chmod(runtime.path, 0o711)
        chmod(runtime.path + "/chorus", 0o711)
        chmod(runtime.socket, 0o777)
        let other = try LabScript.runProgram("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                                  "/usr/bin/perl", "-e", probe, runtime.socket])
        chmod(runtime.path + "/chorus", 0o700)
        #expect(other.stdout == "read 0\n" || other.stdout == "read error\n", "nobody is answered: \(other.stdout)\(other.stderr)")
        #expect(try runtime.muxPID() == pid, "and the mux serves on")
    }

    @Test func theMuxExitsWhenIdleAndTakesItsWorkersWithIt() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        _ = try runtime.ports(["--persist", "2s", "-w", "web[01-02]"])
        let pid = try #require(try runtime.muxPID())
        let workers = ProcessTree.descendants(of: [pid])
        #expect(!workers.isEmpty, "the mux holds its workers")
        #expect(ProcessTree.waitUntilGone([pid] + workers, seconds: 15), "idle for 2 s, the mux and its workers exit")
        #expect(!FileManager.default.fileExists(atPath: runtime.socket), "and it removes its socket")
        try? FileManager.default.removeItem(atPath: runtime.path)
    }

    @Test func stopEndsTheMuxAndStatusSaysSo() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        let none = try runtime.status()
        #expect(none.status == 1 && none.stderr.contains("no session mux is running"))
        _ = try runtime.ports(["--persist", "1m", "-w", "web01"])
        let pid = try #require(try runtime.muxPID())
        let workers = ProcessTree.descendants(of: [pid])
        let stop = try runtime.run(["mux", "stop"])
        #expect(stop.status == 0 && stop.stderr.contains("session mux stopped"))
        #expect(ProcessTree.waitUntilGone([pid] + workers, seconds: 10))
        #expect(try runtime.run(["mux", "stop"]).stderr.contains("no session mux was running"))
        #expect(try runtime.run(["--persist", "soon", "-w", "web01", "true"]).status == 2, "a bad duration is a usage error")
        try? FileManager.default.removeItem(atPath: runtime.path)
    }

    @Test func persistInChorusConfStartsTheMuxAndABadValueNamesTheLine() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        try DefaultsFileTests.withConfig("[defaults]\npersist = 1m\n") { config in
            let run = try runtime.run(["-w", "web01", "true"], environment: ["CHORUS_CONFIG": config])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let pid = try runtime.muxPID()
        defer { try? runtime.finish(pid) }
        #expect(pid != nil, "persist = 1m in chorus.conf starts the mux")
        try DefaultsFileTests.withConfig("[defaults]\npersist = soon\n") { config in
            let run = try runtime.run(["-w", "web01", "true"], environment: ["CHORUS_CONFIG": config])
            #expect(run.status == 2 && run.stderr.contains("\(config):2: persist expects"), "\(run.stderr)")
        }
    }

    /// Local paths go to the workers absolute: the mux's workers were started in another
    /// folder, where `app.conf` would name another file (or none).
    @Test func aTransferThroughTheMuxReadsAndWritesTheRunsOwnFolder() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        _ = try runtime.ports(["--persist", "1m", "-w", "web01"])
        let pid = try runtime.muxPID()
        defer { try? runtime.finish(pid) }
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        try local.write("app.conf", Data("through the mux\n".utf8))
        let lab = runtime.lab
        let words = ["-i", lab.inventory, "--known-hosts", lab.knownHosts, "--host-key-policy", "strict"]
        func inLocal(_ arguments: [String]) throws -> LabScript.Output {
            let quoted = (words + arguments).map { "'" + $0 + "'" }.joined(separator: " ")
            return try LabScript.runProgram("/bin/sh", ["-c", "cd '\(local.dir)' && '\(BinaryTests.binary)' \(quoted)"],
                                            environment: LabScript.environment.merging(["XDG_RUNTIME_DIR": runtime.path]) { $1 })
        }
        let put = try inLocal(["put", "-w", "web[01-02]", "app.conf", remote.dir + "/"])
        #expect(put.status == 0, "\(put.stderr)")
        #expect(try String(contentsOfFile: remote.path("app.conf"), encoding: .utf8) == "through the mux\n")
        #expect(try runtime.status().stdout.contains("web[01-02]"), "the put ran on the mux's workers")
        let get = try inLocal(["get", "-w", "web01", remote.path("app.conf"), "got"])
        #expect(get.status == 0, "\(get.stderr)")
        #expect(FileManager.default.fileExists(atPath: local.path("got/web01/app.conf")), "the get wrote under the run's folder")
    }

    /// While one run holds the workers, another runs on workers of its own, with the same results.
    @Test func aRunThatFindsTheMuxBusyRunsOnItsOwn() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        _ = try runtime.ports(["--persist", "1m", "-w", "web[01-02]"])
        let pid = try runtime.muxPID()
        defer { try? runtime.finish(pid) }
        let lab = runtime.lab
        let words = ["-i", lab.inventory, "--known-hosts", lab.knownHosts, "-w", "web[01-02]"].map { "'" + $0 + "'" }.joined(separator: " ")
        let binary = BinaryTests.binary
        let script = "'\(binary)' \(words) 'sleep 2; echo slow' > slow.out & sleep 0.7; '\(binary)' \(words) 'echo quick'; wait"
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try LabScript.runProgram("/bin/sh", ["-c", "cd '\(scratch.dir)' && \(script)"],
                                           environment: LabScript.environment.merging(["XDG_RUNTIME_DIR": runtime.path]) { $1 })
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").sorted() == ["web01: quick", "web02: quick"], "\(run.stdout)")
        #expect(try String(contentsOfFile: scratch.path("slow.out"), encoding: .utf8).split(separator: "\n").sorted()
                == ["web01: slow", "web02: slow"])
    }

    @Test func aTermSignalEndsTheMuxLikeStop() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        _ = try runtime.ports(["--persist", "1m", "-w", "web01"])
        let pid = try #require(try runtime.muxPID())
        let workers = ProcessTree.descendants(of: [pid])
        kill(pid, SIGTERM)
        #expect(ProcessTree.waitUntilGone([pid] + workers, seconds: 10), "the mux and its workers exit on TERM")
        #expect(!FileManager.default.fileExists(atPath: runtime.socket), "and the socket is removed")
        try? FileManager.default.removeItem(atPath: runtime.path)
    }

    /// A command timeout on lent workers cancels as it does on a run's own; the sessions
    /// survive it and serve the next run.
    @Test func aTimeoutThroughTheMuxKeepsTheSessions() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        let first = try runtime.ports(["--persist", "1m", "-w", "web[01-02]"])
        let pid = try runtime.muxPID()
        defer { try? runtime.finish(pid) }
        let slow = try runtime.run(["-u", "1", "-w", "web[01-02]", "sleep 30"])
        #expect(slow.status == 3, "timed out: \(slow.stderr)")
        #expect(try runtime.ports(["-w", "web[01-02]"]) == first, "the sessions outlive a timed-out command")
    }

    /// A run killed while it holds the workers may have cut a frame in half: the mux
    /// starts new workers rather than trust them, and the next run is right.
    @Test func aBorrowerKilledMidRunCostsTheSessionsNotTheMux() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        let first = try runtime.ports(["--persist", "1m", "-w", "web[01-02]"])
        let pid = try #require(try runtime.muxPID())
        defer { try? runtime.finish(pid) }
        let lab = runtime.lab
        let words = ["-i", lab.inventory, "--known-hosts", lab.knownHosts, "-w", "web[01-02]"].map { "'" + $0 + "'" }.joined(separator: " ")
        let killed = try LabScript.runProgram("/bin/sh", ["-c", "'\(BinaryTests.binary)' \(words) 'sleep 20' & p=$!; sleep 1.5; kill -9 $p; wait $p"],
                                              environment: LabScript.environment.merging(["XDG_RUNTIME_DIR": runtime.path]) { $1 })
        #expect(killed.status == 137)
        let after = try runtime.ports(["-w", "web[01-02]"])
        #expect(after.count == 2 && after["web01"] != first["web01"], "new workers, new sessions")
        #expect(try runtime.muxPID() == pid, "the same mux serves on")
    }

    /// A mux folder others may enter, or that is a link, is not used: one warning line,
    /// and the run goes on without the mux.
    @Test func aLooseOrLinkedFolderIsRefusedWithOneLine() throws {
        let runtime = try Runtime(try Lab.shared().manifest)
        defer { try? FileManager.default.removeItem(atPath: runtime.path) }
        try FileManager.default.createDirectory(atPath: runtime.path + "/chorus", withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o755])
        let loose = try runtime.run(["--persist", "1m", "-w", "web01", "true"])
        #expect(loose.status == 0, "\(loose.stderr)")
        #expect(loose.stderr.split(separator: "\n").count == 1 && loose.stderr.contains("may be entered by others"), "\(loose.stderr)")
        #expect(!FileManager.default.fileExists(atPath: runtime.socket), "no mux listens there")

        try FileManager.default.removeItem(atPath: runtime.path + "/chorus")
        let elsewhere = try Scratch()
        defer { elsewhere.remove() }
        try FileManager.default.createSymbolicLink(atPath: runtime.path + "/chorus", withDestinationPath: elsewhere.dir)
        let linked = try runtime.run(["--persist", "1m", "-w", "web01", "true"])
        #expect(linked.status == 0 && linked.stderr.contains("is not a folder"), "\(linked.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.dir).isEmpty, "nothing made behind the link")
    }
}
