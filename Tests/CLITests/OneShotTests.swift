import Foundation
import LabSupport
import Testing

/// `chorus -w …` end to end: the real binary, its worker processes, the lab's sshd hosts.
@Suite struct OneShotTests {
    /// The lab's inventory and known_hosts, checked strictly (nothing gets appended).
    static func labArguments(_ lab: LabManifest) -> [String] {
        ["-i", lab.inventory, "--known-hosts", lab.knownHosts, "--host-key-policy", "strict"]
    }

    @Test func everyLabHostAnswersWithItsOwnLinesInPdshFormat() throws {
        let lab = try Lab.shared().manifest
        let run = try chorus(Self.labArguments(lab) + ["-w", "web*,db*,cache*", "echo", "$SSH_CONNECTION"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = Set(run.stdout.split(separator: "\n").map(String.init))
        #expect(lines.count == lab.hosts.count)
        for host in lab.hosts {
            #expect(lines.contains { $0.hasPrefix("\(host.name): ") && $0.contains(" \(host.address) \(host.port)") },
                    "no line for \(host.name)")
        }
    }

    @Test func originalBatchRunSyntaxSelectsHostsAndGroups() throws {
        let lab = try Lab.shared().manifest
        let run = try chorus(Self.labArguments(lab) + ["batch_run", "-h", "web01,db01", "-g", "cache", "-cmd", "echo hi"])
        #expect(run.status == 0, "\(run.stderr)")
        let expected = (["web01", "db01"] + lab.hosts(inGroup: "cache").map(\.name)).map { "\($0): hi" }
        #expect(Set(run.stdout.split(separator: "\n").map(String.init)) == Set(expected))
    }

    @Test func eachHostGetsItsOwnOutcomeAndTheWorstClassWins() throws {
        let lab = try Lab.shared().manifest
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        let web = lab.hosts(inGroup: "web")
        let blackhole = try Blackhole()
        try inventory.addGroup("broken", [
            "[silent]\nhostname = 127.0.0.1\nport = \(blackhole.port)\nusername = chorus-lab\npassword = x\nconnect_timeout = 1\n",
            "[refused]\nhostname = \(web[0].address)\nport = \(try Loopback.unusedPort(on: web[0].address))\nusername = chorus-lab\npassword = x\n",
            "[badpass]\nhostname = \(lab.hosts(inGroup: "db")[0].address)\nport = \(lab.hosts(inGroup: "db")[0].port)\nusername = chorus-lab2\npassword = wrong\n",
        ])
        // web04's known key is replaced by an impostor's: its real key now looks changed.
        let knownHosts = inventory.path + "/../" + UUID().uuidString + ".known_hosts"
        defer { try? FileManager.default.removeItem(atPath: knownHosts) }
        let impostor = try String(contentsOfFile: lab.keys.ed25519 + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let changed = "[\(web[3].address)]:\(web[3].port) "
        let original = try String(contentsOfFile: lab.knownHosts, encoding: .utf8)
        let edited = original.split(separator: "\n").filter { !$0.hasPrefix(changed) }.joined(separator: "\n") + "\n\(changed)\(impostor)\n"
        try edited.write(toFile: knownHosts, atomically: true, encoding: .utf8)
        let script = "case \"$SSH_CONNECTION\" in *' \(web[0].address) '*) exit 7;; *' \(web[1].address) '*) kill -TERM $$;; esac; echo fine"
        let run = try chorus(["-i", inventory.path, "--known-hosts", knownHosts, "--host-key-policy", "accept-new",
                              "-o", "json", "-w", "web[01-04],@broken", script])
        let objects = try jsonObjects(run.stdout)
        let byHost = Dictionary(uniqueKeysWithValues: objects.compactMap { object in (object["host"] as? String).map { ($0, object) } })
        #expect(byHost["web01"]?["status"] as? String == "exited")
        #expect(byHost["web01"]?["exit_code"] as? Int == 7)
        #expect(byHost["web02"]?["status"] as? String == "signalled")
        #expect(byHost["web02"]?["signal"] as? String == "TERM")
        #expect(byHost["web03"]?["status"] as? String == "ok")
        #expect(byHost["web03"]?["stdout"] as? String == "fine\n")
        #expect((byHost["refused"]?["error"] as? String)?.hasPrefix("refused") == true)
        #expect((byHost["badpass"]?["error"] as? String)?.hasPrefix("auth-failed") == true)
        #expect(byHost["silent"]?["error"] as? String == "unreachable: no answer within 1s")
        #expect((byHost["web04"]?["error"] as? String)?.hasPrefix("host-key-changed: host key for [\(web[3].address)]:\(web[3].port) has changed") == true)
        #expect(try String(contentsOfFile: knownHosts, encoding: .utf8) == edited, "a changed key never touches known_hosts")
        #expect(!run.stdout.contains("wrong"), "a password must never be printed")
        #expect(run.status == 3, "a signalled host (class 3) outranks SSH failures (4) and exit codes (5)")
    }

    @Test func exitClassesFollowPsshPrecedence() throws {
        let lab = try Lab.shared().manifest
        let base = Self.labArguments(lab)
        #expect(try chorus(base + ["-w", "web[01-02]", "true"]).status == 0)
        #expect(try chorus(base + ["-w", "web[01-02]", "exit 9"]).status == 5)
        #expect(try chorus(base + ["-S", "-w", "web[01-02]", "exit 9"]).status == 9)
        #expect(try chorus(base + ["-u", "1", "-w", "web01", "sleep 20.5"]).status == 3)
        // -S: a host that timed out has no exit status of its own and counts as 255.
        #expect(try chorus(base + ["-S", "-u", "1", "-w", "web01", "sleep 20.25"]).status == 255)
    }

    @Test func outdirHoldsEachHostsBytesExactly() throws {
        let lab = try Lab.shared().manifest
        let dir = NSTemporaryDirectory() + "chorus-outdir-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let run = try chorus(Self.labArguments(lab) + ["--outdir", dir, "--errdir", dir + "/err", "-w", "web[01-02]",
                                                        "printf '\\000\\001\\377tail'; printf oops >&2"])
        #expect(run.status == 0, "\(run.stderr)")
        for host in ["web01", "web02"] {
            #expect(FileManager.default.contents(atPath: "\(dir)/\(host)") == Data([0, 1, 255] + Array("tail".utf8)))
            #expect(FileManager.default.contents(atPath: "\(dir)/err/\(host)") == Data("oops".utf8))
        }
    }

    /// NUL, a byte that is not UTF-8 and an escape sequence: on a terminal live output
    /// shows them escaped (a host cannot drive the operator's terminal); piped, the
    /// lines carry the exact bytes.
    @Test func rawBytesAreEscapedOnATerminalAndExactWhenPiped() throws {
        let lab = try Lab.shared().manifest
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("chorus-raw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let arguments = Self.labArguments(lab).map { "'\($0)'" }.joined(separator: " ")
        let run = "'\(BinaryTests.binary)' \(arguments) -w web01 \"printf 'a\\000b\\377c\\033[31mred\\n'\""
        try "exec \(run)\n".write(to: folder.appendingPathComponent("run.sh"), atomically: true, encoding: .utf8)
        let tmux = try Tmux(folder: folder, command: "sh run.sh", removesFolder: true)
        defer { tmux.stop() }
        let screen = try tmux.waitFor("EXIT:0")
        #expect(screen.contains("web01 | a\\x00b\\xffc\\x1b[31mred"), "\(screen)")
        let piped = try LabScript.runProgram("/bin/sh", ["-c", "\(run) | od -An -tx1 | tr -d ' \\n'"])
        #expect(piped.stdout == "7765623031"  + "3a20" + "610062ff631b5b33316d7265640a", "web01: a NUL b 0xff c ESC[31mred")
    }

    /// Standard input is forwarded, but a piped chorus whose input stays open must not
    /// wait on it for a command that reads none: the command's end is the host's end.
    @Test func stdinThatStaysOpenDoesNotHoldACommandThatReadsNone() throws {
        let lab = try Lab.shared().manifest
        // The background `sleep` keeps the pipe open; the pipeline does not wait for it.
        let run = try LabScript.runProgram("/usr/bin/timeout", ["30", "/bin/sh", "-c", "{ echo x; sleep 20 & } | \"$0\" \"$@\"",
            BinaryTests.binary] + Self.labArguments(lab) + ["-w", "web[01-02]", "echo done"])
        #expect(run.status == 0, "status \(run.status) (124: still waiting after 30 s): \(run.stderr)")
        #expect(run.stdout.split(separator: "\n").sorted() == ["web01: done", "web02: done"])
    }

    /// The host's shell reports the command's own line numbers: the wrapper that runs
    /// before it does not show.
    @Test func aShellErrorNamesTheCommandsOwnLine() throws {
        let lab = try Lab.shared().manifest
        let oneLine = try chorus(Self.labArguments(lab) + ["-w", "web01", "nosuchcmd"])
        #expect(oneLine.stderr == "web01: bash: line 1: nosuchcmd: command not found\n")
        #expect(oneLine.status == 5)
        let third = try chorus(Self.labArguments(lab) + ["-w", "web01", "true\n\necho $LINENO; nosuchcmd"])
        #expect(third.stdout == "web01: 3\n")
        #expect(third.stderr == "web01: bash: line 3: nosuchcmd: command not found\n")
    }

    @Test func usageErrorsRunNothingAndExitTwo() throws {
        let lab = try Lab.shared().manifest
        let noHosts = try chorus(Self.labArguments(lab) + ["uptime"])
        #expect(noHosts.status == 2)
        #expect(noHosts.stderr == "chorus: unknown subcommand 'uptime' (to run it on hosts: chorus -w PATTERN uptime)\n")
        let badGroup = try chorus(Self.labArguments(lab) + ["-w", "@wbe", "uptime"])
        #expect(badGroup.status == 2)
        #expect(badGroup.stderr.contains("did you mean '@web'?"))
        let noCommand = try chorus(Self.labArguments(lab) + ["-w", "web01"])
        #expect(noCommand.status == 2)
    }
}

/// Runs the built binary; workers are the same binary.
func chorus(_ arguments: [String], environment extra: [String: String] = [:]) throws -> LabScript.Output {
    var environment = LabScript.environment
    environment.merge(extra) { $1 }
    return try LabScript.runProgram(BinaryTests.binary, arguments, environment: environment)
}

/// Runs the binary with `script` on its standard input (not a terminal, so it runs the
/// lines as a script) against the lab's inventory and known_hosts.
func chorusScript(_ script: String, lab: LabManifest, environment extra: [String: String] = [:]) throws -> LabScript.Output {
    try LabScript.runProgram("/bin/sh", ["-c", "printf '%s' \"$SCRIPT\" | '\(BinaryTests.binary)'"],
        environment: LabScript.environment.merging([
            "SCRIPT": script, "CHORUS_INVENTORY": lab.inventory, "CHORUS_KNOWN_HOSTS": lab.knownHosts,
        ].merging(extra) { $1 }) { $1 })
}

func jsonObjects(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }.filter { $0["summary"] == nil }
}

/// A copy of the lab's inventory that a test may add groups to.
struct ScratchInventory {
    let path = NSTemporaryDirectory() + "chorus-inventory-\(UUID().uuidString)"

    init(copying lab: LabManifest) throws {
        try FileManager.default.copyItem(atPath: lab.inventory, toPath: path)
    }

    func addGroup(_ name: String, _ sections: [String]) throws {
        let file = "\(path)/\(name).ini"
        try sections.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// One host's section, logging in with a key file; `more` adds `field = value` lines.
    static func section(_ name: String, hostname: String, port: Int? = nil, user: String = "chorus-lab",
                        identityFile: String, more: [String] = []) -> String {
        (["[\(name)]", "hostname = \(hostname)"] + (port.map { ["port = \($0)"] } ?? [])
            + ["username = \(user)", "identity_file = \(identityFile)"] + more).joined(separator: "\n") + "\n"
    }
}
