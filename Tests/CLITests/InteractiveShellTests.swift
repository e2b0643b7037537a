import Foundation
import LabSupport
import Testing

/// The interactive shell: the real binary in a pseudo-terminal (tmux), and scripts.
@Suite struct InteractiveShellTests {
    static func start(_ lab: LabManifest) throws -> Tmux {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("chorus-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let command = "CHORUS_INVENTORY='\(lab.inventory)' CHORUS_KNOWN_HOSTS='\(lab.knownHosts)' '\(BinaryTests.binary)'"
        let tmux = try Tmux(folder: folder, command: command, removesFolder: true)
        try tmux.waitFor("chorus [none]>", attempts: 250)
        return tmux
    }

    /// `:select PATTERN`, then waits for the prompt naming it; returns that prompt.
    @discardableResult
    static func select(_ pattern: String, hosts: Int, in shell: Tmux) throws -> String {
        try shell.type(":select \(pattern)")
        try shell.press("Enter")
        let prompt = "chorus [\(pattern) · \(hosts)]>"
        try shell.waitFor(prompt)
        return prompt
    }

    @Test func selectionBroadcastStateAndLastResults() throws {
        let lab = try Lab.shared().manifest
        let shell = try Self.start(lab)
        try shell.type(":sel @ca")
        try shell.press("Tab")
        try shell.waitFor(":sel @cache")
        try shell.press("C-u")
        try shell.type(":sel web[01-03]")
        try shell.press("Enter")
        try shell.waitFor("chorus [web[01-03] · 3]>")
        try shell.type("cd /tmp")
        try shell.press("Enter")
        try shell.type("pwd; test ${SSH_CONNECTION##* } != \(lab.hosts(inGroup: "web")[0].port) || exit 4")
        try shell.press("Enter")
        let screen = try shell.waitFor("failed") { $0.contains("exited 4:") }
        #expect(screen.contains("web01 | /tmp") && screen.contains("web03 | /tmp"))
        try shell.type(":select @last:nonzero")
        try shell.press("Enter")
        // The prompt shows the hosts, folded, not the pattern typed.
        let after = try shell.waitFor("chorus [web01 · 1]!>")
        #expect(!after.contains("[@last:nonzero"))
        try shell.type(":nosuch")
        try shell.press("Enter")
        try shell.waitFor("unknown command ':nosuch'")
        try shell.press("C-d")
        try shell.waitFor("EXIT:")
    }

    /// SIGTERM or SIGHUP at an idle prompt ends the shell (128 + the signal), as in a
    /// broadcast: it is not read through and left for the next line.
    @Test(arguments: [SIGTERM, SIGHUP])
    func aTerminatingSignalAtAnIdlePromptEndsTheShell(signal: Int32) throws {
        let lab = try Lab.shared().manifest
        let shell = try Self.start(lab)
        let chorus = try #require(ProcessTree.children(of: shell.panePID()).first)
        kill(chorus, signal)
        try shell.waitFor("EXIT:\(128 + signal)")
    }

    @Test func tabCompletesLocalPathsForSource() throws {
        let lab = try Lab.shared().manifest
        let shell = try Self.start(lab)
        let examples = LabScript.repositoryRoot.appendingPathComponent("share/examples").path
        try shell.type(":so \(examples)/roll")
        try shell.press("Tab")
        try shell.waitFor(":so \(examples)/rolling-check.chorus")
    }

    /// Tab by what the word is: `:help` offers commands; `!COMMAND` and `:put` local paths,
    /// listed by their last part on a second Tab; `:get`'s remote source nothing; `@@`
    /// at the start of a line a group.
    @Test func tabCompletesByWhatTheWordIs() throws {
        let lab = try Lab.shared().manifest
        let shell = try Self.start(lab)
        let files = shell.folder.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        for name in ["alpha.txt", "beta.txt"] { try Data().write(to: files.appendingPathComponent(name)) }
        try shell.type(":help :sel")
        try shell.press("Tab")
        try shell.waitFor(":help :select")
        try shell.press("C-u")
        try shell.type("!ls files/al")
        try shell.press("Tab")
        try shell.waitFor("!ls files/alpha.txt")
        try shell.press("C-u")
        try shell.type(":put files/")
        try shell.press("Tab")
        try shell.press("Tab")
        try shell.waitFor("alpha.txt  beta.txt") { $0.contains("\nalpha.txt  beta.txt") }
        try shell.press("C-u")
        try shell.type(":get fil")
        try shell.press("Tab")
        try shell.press("Tab")
        try shell.type("X")
        try shell.waitFor(":get filX")  // a remote source: nothing inserted, nothing listed
        try shell.press("C-u")
        try shell.type("@@ca")
        try shell.press("Tab")
        try shell.waitFor("@@cache")
    }

    @Test func setValuesCompleteAndAnEditedInventoryIsReloaded() throws {
        let lab = try Lab.shared().manifest
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("chorus-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let command = "CHORUS_INVENTORY='\(inventory.path)' CHORUS_KNOWN_HOSTS='\(lab.knownHosts)' '\(BinaryTests.binary)'"
        let shell = try Tmux(folder: folder, command: command, removesFolder: true)
        try shell.waitFor("chorus [none]>", attempts: 250)
        try shell.type(":set host_key")
        try shell.press("Tab")
        try shell.waitFor(":set host_key_policy")
        try shell.type("acc")
        try shell.press("Tab")
        try shell.waitFor(":set host_key_policy accept-new")
        try shell.press("C-u")
        let web = lab.hosts(inGroup: "web")[0]
        let tardy = ScratchInventory.section("tardy01", hostname: web.address, port: web.port, user: web.user,
                                             identityFile: lab.keys.ed25519)
        try inventory.addGroup("tardy", [tardy])
        try shell.type(":select @tar")
        try shell.press("Tab")
        try shell.waitFor(":select @tardy")
        try shell.press("Enter")
        try shell.waitFor("chorus [tardy01 · 1]>")
        try shell.type(":add web01,tard")
        try shell.press("Tab")
        try shell.waitFor(":add web01,tardy01")  // a host name completes inside a pattern
        try shell.press("C-u")
        try shell.type("echo tardy host")
        try shell.press("Enter")
        try shell.waitFor("tardy01 | tardy host")
    }

    /// SIGTERM (a kill) and SIGHUP (the terminal closing) mid-broadcast: the shell exits
    /// with the signal's status and takes its workers and the remote commands with it.
    @Test(arguments: [(SIGTERM, "sleep 30.4375"), (SIGHUP, "sleep 30.5625")])
    func aSignalledShellLeavesNoWorkerAndNoRemoteCommand(signal: Int32, sleep: String) throws {
        let lab = try Lab.shared().manifest
        let shell = try Self.start(lab)
        try Self.select("web[05-08]", hosts: 4, in: shell)
        try shell.type(sleep)
        try shell.press("Enter")
        try waitForRemote(sleep, count: 4)
        let chorus = try #require(ProcessTree.children(of: shell.panePID()).first)
        let workers = ProcessTree.children(of: chorus)
        #expect(!workers.isEmpty)
        kill(chorus, signal)
        try shell.waitFor("EXIT:\(128 + signal)")
        #expect(workers.allSatisfy { !ProcessTree.isRunning($0) }, "a worker outlived the shell")
        #expect(try remoteCount(sleep) == 0, "a remote sleep outlived the shell")
    }

    /// Each bad line gets one line saying what is wrong, and leaves the selection and
    /// the remote state as they were.
    @Test func malformedLinesGetOneMessageEachAndChangeNothing() throws {
        let lab = try Lab.shared().manifest
        let shell = try Self.start(lab)
        let prompt = try Self.select("web[01-02]", hosts: 2, in: shell)
        let bad: [(line: String, says: String)] = [
            ("echo 'unterminated", "unterminated single quote"),
            ("cd \"/tmp", "unterminated double quote"),
            (":frobnicate", "unknown command ':frobnicate'"),
            (":select web[01-", "missing ']' in 'web[01-'"),
            (":select @nosuchgroup", "unknown group '@nosuchgroup'"),
            (":select", "usage: :select PATTERN"),
        ]
        for (index, entry) in bad.enumerated() {
            try shell.type(entry.line)
            try shell.press("Enter")
            try shell.waitFor("the message for \(entry.line)") { screen in
                screen.components(separatedBy: prompt).count == index + 3 && screen.contains(entry.says)
            }
        }
        let lines = try shell.screen().components(separatedBy: "\n")
        for entry in bad {
            let at = try #require(lines.firstIndex(of: "\(prompt) \(entry.line)"), "\(lines)")
            #expect(lines[at + 1].hasPrefix("chorus: ") && lines[at + 1].contains(entry.says), "\(lines[at + 1])")
            #expect(lines[at + 2].hasPrefix(prompt), "one line for '\(entry.line)', then the prompt")
        }
        try shell.type("echo ok from $(pwd)")
        try shell.press("Enter")
        // Hosts answer in any order: wait for both lines and the prompt after them.
        let screen = try shell.waitFor("both hosts' lines, then the prompt") { screen in
            let last = screen.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) })
            return screen.contains("web01 | ok from") && screen.contains("web02 | ok from") && last?.hasPrefix(prompt) == true
        }
        #expect(!screen.contains("ok from /tmp"), "the bad cd changed the remote folder")
        try shell.press("C-d")
        try shell.waitFor("EXIT:")
    }

    @Test func ctrlCCancelsTheBroadcastAndReturnsThePrompt() throws {
        let lab = try Lab.shared().manifest
        let shell = try Self.start(lab)
        try shell.type(":select web[01-20]")
        try shell.press("Enter")
        try shell.type("sleep 30.875")
        try shell.press("Enter")
        try waitForRemote("sleep 30.875", count: 20)
        try shell.press("C-c")
        let screen = try shell.waitFor("the prompt back") { $0.contains("cancelled: web[01-20]") && $0.contains("]!>") }
        #expect(screen.contains("cancelled: web[01-20]"))
        #expect(try remoteCount("sleep 30.875") == 0, "a remote sleep survived ^C")
        try shell.type("echo still here")
        try shell.press("Enter")
        try shell.waitFor("web20 | still here")
    }

    @Test func historyIsRecalledAfterARestart() throws {
        let lab = try Lab.shared().manifest
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("chorus-hist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let command = "CHORUS_INVENTORY='\(lab.inventory)' '\(BinaryTests.binary)'"
        do {
            let first = try Tmux(folder: folder, command: command, removesFolder: false)
            try first.waitFor("chorus [none]>", attempts: 250)
            try Self.select("web01", hosts: 1, in: first)
            try first.type("!true PASSWORD=hunter2")
            try first.press("Enter")
            try first.waitFor("PASSWORD=hunter2\nchorus [web01 · 1]>")
            try first.type(":history")
            try first.press("Enter")
            let listing = try first.waitFor("(history file:")
            #expect(listing.contains("1  :select web01"))
            #expect(!listing.contains("2  !true PASSWORD"), "a secret line is not listed either")
            try first.press("C-d")
            try first.waitFor("EXIT:")
            first.stop()
        }
        let second = try Tmux(folder: folder, command: command, removesFolder: false)
        defer { second.stop() }
        try second.waitFor("chorus [none]>", attempts: 250)
        try second.press("Up")
        try second.waitFor("chorus [none]> :history")
        try second.press("Up")
        try second.waitFor("chorus [none]> :select web01")
        let history = try String(contentsOfFile: folder.path + "/.local/state/chorus/history", encoding: .utf8)
        #expect(!history.contains("hunter2"), "a line carrying a secret is never stored")
    }

    /// A history file that cannot be written is said once, and the shell goes on.
    @Test func aHistoryFileThatCannotBeSavedIsSaidOnce() throws {
        let lab = try Lab.shared().manifest
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("chorus-hist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("state/chorus/history"),
                                                withIntermediateDirectories: true)
        let command = "XDG_STATE_HOME='\(folder.path)/state' CHORUS_INVENTORY='\(lab.inventory)' '\(BinaryTests.binary)'"
        let shell = try Tmux(folder: folder, command: command, removesFolder: true)
        defer { shell.stop() }
        try shell.waitFor("chorus [none]>", attempts: 250)
        for line in [":set fanout 3", ":set fanout 4"] {
            try shell.type(line)
            try shell.press("Enter")
        }
        try shell.type(":set fanout")
        try shell.press("Enter")
        let screen = try shell.waitFor("fanout = 4")
        let warning = "chorus: warning: cannot save history to '\(folder.path)/state/chorus/history': Is a directory; "
            + "history is kept for this session only"
        let joined = screen.replacingOccurrences(of: "\n", with: "")  // the pane wraps long lines
        #expect(joined.components(separatedBy: warning).count == 2, "said once: \(screen)")
    }

    /// A hidden file appearing in the inventory folder (an editor's swap file) changes
    /// nothing the loader reads, so the shell does not claim a reload. Before, the
    /// change check counted hidden files and the folder's own time.
    @Test func aHiddenFileInTheInventoryFolderIsNoReload() throws {
        let lab = try Lab.shared().manifest
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        let script = ":select web01\n!touch '\(inventory.path)/.web.ini' '\(inventory.path)/notes.txt'\n:set fanout 2\n"
            + "!touch '\(inventory.path)/extra.ini'\n:set fanout 3\n"
        let run = try LabScript.runProgram("/bin/sh", ["-c", "printf '%s' \"$0\" | \"$1\" -i \"$2\"", script,
                                                       BinaryTests.binary, inventory.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.components(separatedBy: "inventory reloaded").count == 2,
                "only the new extra.ini is a change: \(run.stderr)")
    }

    /// A script is read to its end, however long (it used to stop in silence after a
    /// million lines and report success).
    @Test func aScriptPastAMillionLinesStillStopsAtItsFailingLine() throws {
        let file = NSTemporaryDirectory() + "chorus-long-\(UUID().uuidString).chorus"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try (String(repeating: "\n", count: 1_000_000) + ":selct @db\n").write(toFile: file, atomically: true, encoding: .utf8)
        let run = try chorus([file], environment: ["CHORUS_INVENTORY": try Lab.shared().manifest.inventory])
        #expect(run.status != 0)
        #expect(run.stderr.hasSuffix("chorus: \(file):1000001: stopped, this line failed (:set errexit off to go on)\n"), "\(run.stderr)")
    }

    @Test func scriptsRunFromAFileFromStdinAndStopAtTheFirstFailure() throws {
        let lab = try Lab.shared().manifest
        let example = LabScript.repositoryRoot.appendingPathComponent("share/examples/rolling-check.chorus").path
        let fromFile = try chorus([example], environment: ["CHORUS_INVENTORY": lab.inventory, "CHORUS_KNOWN_HOSTS": lab.knownHosts])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.contains("db01: "))
        #expect(fromFile.stdout.split(separator: "\n").filter { $0.hasPrefix("web01: ") }.count == 3)
        let stopped = try chorusScript(":select web[01-02]\necho one\nexit 3\necho never\n", lab: lab)
        #expect(stopped.stdout.contains("web01: one"))
        #expect(!stopped.stdout.contains("never"))
        #expect(stopped.status == 5)
        #expect(stopped.stderr.hasSuffix("chorus: (standard input):3: stopped, this line failed (:set errexit off to go on)\n"))
        // A malformed line in a script file: one line saying what is wrong, one naming
        // the file and line; nothing after it runs; exit 2, as every input error.
        let file = NSTemporaryDirectory() + "chorus-bad-\(UUID().uuidString).chorus"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try ":select web[01-02]\necho one\necho \"two\necho never\n".write(toFile: file, atomically: true, encoding: .utf8)
        let bad = try chorus([file], environment: ["CHORUS_INVENTORY": lab.inventory, "CHORUS_KNOWN_HOSTS": lab.knownHosts])
        #expect(bad.status == 2)
        #expect(!bad.stdout.contains("never"))
        #expect(bad.stderr == "web[01-02] (2 hosts)\nchorus: unterminated double quote in '\"two'\n"
            + "chorus: \(file):3: stopped, this line failed (:set errexit off to go on)\n")
    }
}

/// The shell keeps each host's SSH session between lines; `:disconnect` drops it.
@Suite struct KeptSessionTests {
    @Test func secondCommandReusesTheConnectionUntilDisconnected() throws {
        let lab = try Lab.shared().manifest
        let script = ":select web[01-02]\necho $SSH_CONNECTION\necho $SSH_CONNECTION\n:disconnect\necho $SSH_CONNECTION\n"
        let run = try chorusScript(script, lab: lab)
        #expect(run.status == 0, "\(run.stderr)")
        // "web01: CLIENT_IP CLIENT_PORT SERVER_IP SERVER_PORT": the client port names the TCP connection.
        let ports = run.stdout.split(separator: "\n").filter { $0.hasPrefix("web01: ") }.map { $0.split(separator: " ")[2] }
        #expect(ports.count == 3)
        #expect(ports[0] == ports[1], "the second command must ride the same connection")
        #expect(ports[2] != ports[1], ":disconnect must drop it")
    }
}

/// Small truths of scripts and `:info` (issue 20's list).
@Suite struct ShellScriptTruthTests {
    @Test func aScriptStoppedByAUsageErrorExitsTwo() throws {
        let lab = try Lab.shared().manifest
        let run = try chorusScript(":selct @web\necho never\n", lab: lab)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("(standard input):1: stopped"), "\(run.stderr)")
        #expect(!run.stdout.contains("never"))
    }

    @Test func oneHostIsOneHost() throws {
        let lab = try Lab.shared().manifest
        let run = try chorusScript(":select web01\n:select web[01-02]\necho hi\n", lab: lab)
        #expect(run.stderr.hasPrefix("web01 (1 host)\nweb[01-02] (2 hosts)\n"), "\(run.stderr)")
        // A script's standard output is only the hosts' lines, for `| dshbak -c`.
        #expect(run.stdout.split(separator: "\n").sorted() == ["web01: hi", "web02: hi"], "\(run.stdout)")
    }

    @Test func infoShowsEveryHostWithItsLastResult() throws {
        let lab = try Lab.shared().manifest
        let info = try chorusScript(":select web[01-02]\ntrue\n:info --json web[01-03]\n:info web[01-03]\n", lab: lab)
        #expect(info.status == 0, "\(info.stderr)")
        let records = info.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(records.count == 3, "\(info.stdout)")
        #expect(info.stdout.components(separatedBy: "  last: ok").count - 1 == 2, "\(info.stdout)")
        #expect(info.stdout.contains("  last: nothing run yet"), "web03 ran nothing: \(info.stdout)")
        // The readable block: one per host, each setting with where it came from.
        let lines = info.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { ["web01", "web02", "web03"].contains($0) }.count == 3, "\(info.stdout)")
        #expect(lines.contains { $0.hasPrefix("  address ") && $0.hasSuffix("(inventory)") }, "\(info.stdout)")
        #expect(lines.contains { $0.hasPrefix("  host keys ") && $0.contains("accept-new") }, "\(info.stdout)")
        #expect(lines.filter { $0.hasPrefix("  last ") && $0.contains(" ok") }.count == 2, "\(info.stdout)")
    }
}

/// `batch_run -cmd id -un`: the words after the command's first were its own; the
/// error says to quote them, and nothing runs.
@Suite struct BatchRunQuotingTests {
    @Test func anUnquotedCommandAfterCmdIsExplained() throws {
        let lab = try Lab.shared().manifest
        let run = try chorus(["-i", lab.inventory, "batch_run", "-h", "web01", "-cmd", "id", "-un"])
        #expect(run.status == 2)
        #expect(run.stderr.contains(#"quote it, -cmd "id -un""#), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}

/// Without any inventory, `groups` and a bare `hosts` say where they looked (exit 2)
/// instead of listing nothing; a pattern still lists its ad-hoc hosts.
@Suite struct NoInventoryTests {
    @Test func groupsAndHostsSayWhereTheyLooked() throws {
        let home = NSTemporaryDirectory() + "chorus-noinventory-\(UUID().uuidString)"
        let environment = ["HOME": home, "CHORUS_INVENTORY": "", "XDG_CONFIG_HOME": home + "/config"]
        for arguments in [["groups"], ["hosts"]] {
            let run = try chorus(arguments, environment: environment)
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.hasPrefix("chorus: no inventory found (searched: -i PATH, $CHORUS_INVENTORY, \(home)/config/chorus/inventory.ini"),
                    "\(run.stderr)")
        }
        let adHoc = try chorus(["hosts", "a,b"], environment: environment)
        #expect(adHoc.status == 0 && adHoc.stdout == "a,b\n", "\(adHoc.stderr)")
    }
}

/// A kept session that died while idle (its sshd processes killed between two commands)
/// costs nothing: nothing had run, so the command goes again on a fresh session.
@Suite struct DeadKeptSessionTests {
    @Test func theNextCommandReconnectsInsteadOfFailing() throws {
        let lab = try Lab.start(hosts: 32)  // its own: killing connections must not touch other tests
        defer { try? lab.stop() }
        let manifest = lab.manifest
        let listener = try #require(manifest.sshdPids.first)  // serves the first 16 hosts
        let names = manifest.hosts.prefix(32).map(\.name).joined(separator: ",")
        let kill = "!for p in $(cat /proc/\(listener)/task/\(listener)/children); do kill -9 $p; done; sleep 1"
        let run = try chorusScript(":select \(names)\ntrue\n\(kill)\necho second\n", lab: manifest,
                                   environment: ["CHORUS_KNOWN_HOSTS": manifest.knownHosts])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.components(separatedBy: ": second\n").count - 1 == 32, "\(run.stdout)\(run.stderr)")
        #expect(!run.stderr.contains("exec failed"), "\(run.stderr)")
    }
}

/// `chorus -w PATTERN` with no command: on a terminal, the shell opens on that selection
/// (as clush does); without one, the usage error stays. `:select` of nothing says so.
@Suite struct SelectionOnStartTests {
    @Test func aSelectionWithNoCommandOpensTheShellOnIt() throws {
        let lab = try Lab.shared().manifest
        let shell = try PasswordPromptTests.terminal("'\(BinaryTests.binary)' -i '\(lab.inventory)' --known-hosts '\(lab.knownHosts)' "
            + "-w 'web[01-02]'")
        defer { shell.stop() }
        try shell.waitFor("chorus [web[01-02] · 2]>")
        try shell.type(":select wbe*")
        try shell.press("Enter")
        try shell.waitFor("'wbe*' selects no hosts; the selection is unchanged")
        try shell.type("echo still-$(hostname)")
        try shell.press("Enter")
        try shell.waitFor("web02 | still-")
        let notTerminal = try chorus(["-i", lab.inventory, "-w", "web01"])
        #expect(notTerminal.status == 2 && notTerminal.stderr.contains("no command given"), "\(notTerminal.stderr)")
    }
}
