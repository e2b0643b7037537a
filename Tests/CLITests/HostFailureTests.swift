import Foundation
import LabSupport
import Testing

/// Hosts that fail before their command runs, each in one broadcast beside healthy lab
/// hosts: that host gets its own outcome and one-line reason, the others finish, the
/// exit status is the SSH-failure class, and nothing chorus started is left running.
@Suite struct HostFailureTests {
    /// A real sshd inside a network namespace this test creates, whose answers are
    /// routed to nowhere inside the namespace: the SYNs arrive, nothing comes back.
    @Test func blackholedHostInANamespaceIsUnreachableAndTheOthersFinish() throws {
        let lab = try Lab.shared().manifest
        let remote = try NamespaceHost(lab: lab)
        try remote.blackholeReplies()
        let outcome = try broadcast(lab, beside: ScratchInventory.section("far", hostname: remote.address, port: remote.port,
            identityFile: lab.keys.ed25519, more: ["connect_timeout = 2"]))
        #expect(outcome.farError == "unreachable: no answer within 2s", "\(outcome.byHost["far"] ?? [:])")
        outcome.expectHealthyHostsFinishedAndNothingLeft()
    }

    /// A name under `.invalid` (reserved: it never resolves).
    @Test func unresolvableNameIsThatHostsResolveFailure() throws {
        let lab = try Lab.shared().manifest
        let name = "chorus-\(UUID().uuidString.prefix(8).lowercased()).invalid"
        let outcome = try broadcast(lab, beside: ScratchInventory.section("far", hostname: name, identityFile: lab.keys.ed25519))
        let error = try #require(outcome.farError)
        #expect(error.hasPrefix("resolve: cannot resolve '\(name)': "), "\(error)")
        #expect(!error.contains("\n"), "one line")
        outcome.expectHealthyHostsFinishedAndNothingLeft()
    }

    /// A user the server does not know (the lab's sshd allows only its own users).
    @Test func unknownUserIsAuthFailed() throws {
        let lab = try Lab.shared().manifest
        let web = try #require(lab.hosts(inGroup: "web").last)
        let outcome = try broadcast(lab, beside: ScratchInventory.section("far", hostname: web.address, port: web.port,
            user: "chorus-nosuchuser", identityFile: lab.keys.ed25519))
        let error = try #require(outcome.farError)
        #expect(error.hasPrefix("auth-failed: authentication failed for user 'chorus-nosuchuser' (key \(lab.keys.ed25519): not accepted"),
                "\(error)")
        outcome.expectHealthyHostsFinishedAndNothingLeft()
    }

    /// A TCP server that accepts (through the kernel's queue) and never says a word.
    @Test func aServerThatNeverSpeaksTimesOut() throws {
        let lab = try Lab.shared().manifest
        let mute = try TCPServer(address: "127.0.0.1", behaviour: .silent)
        defer { mute.stop() }
        let outcome = try broadcast(lab, beside: ScratchInventory.section("far", hostname: "127.0.0.1", port: mute.port,
            identityFile: lab.keys.ed25519, more: ["connect_timeout = 1"]))
        #expect(outcome.farError == "timeout: no SSH handshake within 1s", "\(outcome.byHost["far"] ?? [:])")
        outcome.expectHealthyHostsFinishedAndNothingLeft()
    }

    @Test func aServerThatIsNotSSHIsNamedAsSuch() throws {
        let lab = try Lab.shared().manifest
        let http = try TCPServer(address: "127.0.0.1", behaviour: .reply("HTTP/1.0 400 Bad Request\r\n\r\n"))
        defer { http.stop() }
        let outcome = try broadcast(lab, beside: ScratchInventory.section("far", hostname: "127.0.0.1", port: http.port,
            identityFile: lab.keys.ed25519))
        let error = try #require(outcome.farError)
        #expect(error.hasPrefix("not-ssh: no SSH banner: the server does not speak SSH"), "\(error)")
        outcome.expectHealthyHostsFinishedAndNothingLeft()
    }

    @Test func aKeyTheHostDoesNotAuthoriseIsAuthFailed() throws {
        let lab = try Lab.shared().manifest
        let web = try #require(lab.hosts(inGroup: "web").last)
        let key = try TemporaryKey(type: "ed25519")
        defer { key.remove() }
        let outcome = try broadcast(lab, beside: ScratchInventory.section("far", hostname: web.address, port: web.port, user: web.user,
            identityFile: key.path))
        let error = try #require(outcome.farError)
        #expect(error.hasPrefix("auth-failed: authentication failed for user '\(web.user)' (key \(key.path): not accepted"), "\(error)")
        outcome.expectHealthyHostsFinishedAndNothingLeft()
    }

    @Test func aWrongPassphraseIsSaidPlainlyAndNeverShown() throws {
        let lab = try Lab.shared().manifest
        let web = try #require(lab.hosts(inGroup: "web").last)
        let wrong = "not-\(lab.keys.passphrase)"
        let outcome = try broadcast(lab, beside: ScratchInventory.section("far", hostname: web.address, port: web.port, user: web.user,
            identityFile: lab.keys.ed25519Passphrase, more: ["passphrase = \(wrong)"]))
        let error = try #require(outcome.farError)
        #expect(error.hasPrefix("auth-failed: ") && error.contains("cannot use key \(lab.keys.ed25519Passphrase): wrong passphrase"),
                "\(error)")
        #expect(!outcome.run.stdout.contains(wrong) && !outcome.run.stderr.contains(wrong), "a passphrase is never shown")
        outcome.expectHealthyHostsFinishedAndNothingLeft()
    }

    /// The lab's sshd refuses SHA-1 signatures (OpenSSH's default since 8.8); libssh2
    /// 1.10 signs RSA keys only with them, so Chorus signs with rsa-sha2-512 itself.
    /// (Encrypted OpenSSH-format RSA keys keep the SHA-1 error: SSHClientTests.RSASHA2Tests.)
    @Test func anRSAKeyLogsInToAServerRefusingSHA1() throws {
        let lab = try Lab.shared().manifest
        let web = try #require(lab.hosts(inGroup: "web").last)
        let key = try TemporaryKey(type: "rsa")
        defer { key.remove() }
        try key.authorize(in: lab, user: web.user)
        let outcome = try broadcast(lab, beside: ScratchInventory.section("far", hostname: web.address, port: web.port, user: web.user,
            identityFile: key.path))
        #expect(outcome.farError == nil)
        #expect(outcome.byHost["far"]?["stdout"] as? String == "fine\n")
        #expect(outcome.run.status == 0, "\(outcome.run.stderr)")
    }

    /// A real sshd on a port the run's known_hosts does not list, under `strict`.
    @Test func anUnknownHostKeyIsRefusedUnderStrict() throws {
        let lab = try Lab.shared().manifest
        let web = try #require(lab.hosts(inGroup: "web").last)
        let stranger = try ExtraSSHD(lab: lab, address: web.address, extra: [])
        defer { stranger.stop() }
        let before = try String(contentsOfFile: lab.knownHosts, encoding: .utf8)
        let outcome = try broadcast(lab, beside: ScratchInventory.section("far", hostname: web.address, port: stranger.port, user: web.user,
            identityFile: lab.keys.ed25519))
        let error = try #require(outcome.farError)
        #expect(error.hasPrefix("host-key-unknown: [\(web.address)]:\(stranger.port) is not in \(lab.knownHosts)"), "\(error)")
        #expect(try String(contentsOfFile: lab.knownHosts, encoding: .utf8) == before, "strict never writes known_hosts")
        outcome.expectHealthyHostsFinishedAndNothingLeft()
    }

    struct Outcome {
        let run: LabScript.Output
        let byHost: [String: [String: Any]]
        let workers: [pid_t]
        /// Live processes still carrying the run's environment marker afterwards.
        let leftOver: [pid_t]
        /// The faulty host's one-line reason.
        var farError: String? { byHost["far"]?["error"] as? String }

        func expectHealthyHostsFinishedAndNothingLeft() {
            for host in ["web01", "web02", "web03"] {
                #expect(byHost[host]?["status"] as? String == "ok", "\(host): \(byHost[host] ?? [:])")
                #expect(byHost[host]?["stdout"] as? String == "fine\n")
            }
            #expect(byHost.count == 4)
            #expect(run.status == 4, "an SSH-level failure is exit class 4; \(run.stderr)")
            #expect(!workers.isEmpty, "the broadcast's workers were seen while it ran")
            #expect(workers.allSatisfy { !ProcessTree.isRunning($0) }, "a worker outlived chorus")
            #expect(leftOver.isEmpty, "processes chorus started are still running: \(leftOver)")
        }
    }

    /// Runs `echo fine` on web[01-03] and the host `far` (defined by `section`), in
    /// JSON, noting chorus's workers while it runs (at most 30 s of looking). The healthy
    /// hosts sleep half a second first, so the run lasts long enough to be looked at on a
    /// loaded machine (a run over before the first look made "no workers seen" flaky). Chorus runs
    /// with a marker in its environment, which its workers inherit, so anything of the
    /// run's still alive afterwards is found wherever it was reparented.
    private func broadcast(_ lab: LabManifest, beside section: String) throws -> Outcome {
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        try inventory.addGroup("faults", [section])
        let marker = "CHORUS_TEST_RUN=\(UUID().uuidString)"
        var environment = LabScript.environment
        environment["CHORUS_TEST_RUN"] = String(marker.dropFirst("CHORUS_TEST_RUN=".count))
        let program = try RunningProgram(BinaryTests.binary, ["-i", inventory.path, "--known-hosts", lab.knownHosts,
            "--host-key-policy", "strict", "-o", "json", "-w", "web[01-03],far", "sleep 0.5; echo fine"], environment: environment)
        var workers: [pid_t] = []
        for _ in 0..<1500 where workers.isEmpty && ProcessTree.isRunning(program.pid) {
            workers = program.children()
            if workers.isEmpty { usleep(20_000) }
        }
        let run = try program.wait()
        let byHost = Dictionary(uniqueKeysWithValues: try jsonObjects(run.stdout).compactMap { object in
            (object["host"] as? String).map { ($0, object) }
        })
        return Outcome(run: run, byHost: byHost, workers: workers, leftOver: ProcessTree.carrying(environment: marker))
    }
}
