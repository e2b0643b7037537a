import Foundation
import LabSupport
import Testing

/// Passwords and passphrases never appear in anything chorus writes, gathered from one
/// session of use: live, gathered and JSON output, per-host files, host listings and
/// `:info`, warnings and error lines (a wrong password, an unknown group, a bad script
/// line), the interactive shell's terminal (a password typed at its prompt too) and its
/// history file, the audit trail of both (where a command holding a secret is redacted),
/// and the command lines of chorus and its workers (what `ps` shows every
/// user). Chorus has no debug log and logs no frames; workers' log frames reach the
/// operator as warnings on stderr, which are read here.
@Suite struct SecretLeakTests {
    @Test func noSecretReachesAnythingChorusWrites() throws {
        let lab = try Lab.shared().manifest
        let wrong = "wrong-\(UUID().uuidString.prefix(8))", loose = "loose-\(UUID().uuidString.prefix(8))"
        let secrets = lab.users.compactMap(\.password) + [lab.keys.passphrase, wrong, loose]
        try #require(secrets.count >= 4, "the lab runs as root, so its users have passwords")
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        let db = try #require(lab.hosts(inGroup: "db").first)
        try inventory.addGroup("extra", [
            "[wrongpass]\nhostname = \(db.address)\nport = \(db.port)\nusername = \(db.user)\npassword = \(wrong)\n",
            "[passkey]\nhostname = \(lab.hosts[0].address)\nport = \(lab.hosts[0].port)\nusername = chorus-lab\n"
                + "identity_file = \(lab.keys.ed25519Passphrase)\npassphrase = \(lab.keys.passphrase)\n",
        ])
        // Typed at the shell's prompt (`password_prompt`), in a group the one-shot runs leave alone.
        try inventory.addGroup("typed", ["[typedpass]\nhostname = \(db.address)\nport = \(db.port)\nusername = \(db.user)\n"
            + "password_prompt = yes\n"])
        let readable = inventory.path + "/loose.ini"
        try "[loose01]\nhostname = \(db.address)\npassword = \(loose)\n".write(toFile: readable, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: readable)
        var written = try oneShotOutputs(lab, inventory: inventory.path, wrong: wrong)
        #expect(written["outdir files"]?.isEmpty == false, "the per-host files must exist")
        #expect(written["live"]?.contains("passkey: uid=") == true, "the passphrase key must have worked")
        #expect(written["live"]?.contains("chorus: warning: \(readable): holds a password or passphrase and is readable by its group; "
            + "fix with: chmod 600 \(readable)") == true, "a group-readable inventory with a password is warned about")
        written.merge(try interactiveOutputs(lab, inventory: inventory.path)) { $0 + $1 }
        #expect(written["shell terminal"]?.contains("auth-failed") == true, "the wrong password must have been tried")
        #expect(written["shell history"]?.contains(":info") == true, "the history file must exist")
        #expect(written["process list"]?.contains("chorus") == true, "chorus and its workers must have been seen")
        for (place, text) in written.sorted(by: { $0.key < $1.key }) {
            for (index, secret) in secrets.enumerated() where text.contains(secret) {
                Issue.record("secret #\(index) (of the lab's passwords, passphrase, a wrong and a loose password) appeared in \(place)")
            }
        }
    }

    /// An inventory error on a line that holds a secret names the file, the line and the
    /// key, never the value: a bad `%` in a password (before, the message quoted the value
    /// from its first `%` on), the same `%` reached through `%(password)s`, and a password
    /// line whose `=` was forgotten (before, quoted whole).
    @Test func inventoryErrorsNeverQuoteASecret() throws {
        let folder = NSTemporaryDirectory() + "chorus-secret-errors-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tail = "55w-\(UUID().uuidString.prefix(8))"
        let cases: [(text: String, line: Int?, names: String)] = [
            ("[web01]\nhostname = 127.0.0.1\npassword = Pa%\(tail)\n", 3, "'password'"),
            ("[DEFAULT]\npassword = Pa%\(tail)\n[web01]\nusername = %(password)s\n", nil, "'password'"),
            ("[web01]\nhostname = 127.0.0.1\npassword \(tail)\n", 3, "'password'"),
            ("[web01]\npassphrase_env = X%\(tail)\n", 2, "'passphrase_env'"),
        ]
        for (index, (text, line, names)) in cases.enumerated() {
            let file = folder + "/case\(index).ini"
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            let run = try chorus(["-i", file, "hosts", "web01"])
            #expect(run.status == 2, "case \(index): \(run.stderr)")
            #expect(run.stderr.contains("\(file):" + (line.map { "\($0):" } ?? "")), "case \(index) names file and line: \(run.stderr)")
            #expect(run.stderr.contains(names), "case \(index) names the key: \(run.stderr)")
            #expect(!(run.stdout + run.stderr).contains(tail), "case \(index) shows the secret: \(run.stderr)")
        }
    }

    /// One-shot runs in every output mode, with per-host files, listings, a bad group,
    /// a script with a bad line, a put and a command holding a secret; each run's stdout
    /// and stderr together, and the audit trail they wrote.
    private func oneShotOutputs(_ lab: LabManifest, inventory: String, wrong: String) throws -> [String: String] {
        let outdir = NSTemporaryDirectory() + "chorus-secrets-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outdir) }
        let state = ["XDG_STATE_HOME": outdir + "-state"]
        defer { try? FileManager.default.removeItem(atPath: outdir + "-state") }
        let chorus = { (arguments: [String], environment: [String: String]) in
            try CLITests.chorus(arguments, environment: environment.merging(state) { $1 })
        }
        let base = ["-i", inventory, "--known-hosts", lab.knownHosts, "--host-key-policy", "strict"]
        let script = outdir + ".chorus"
        defer { try? FileManager.default.removeItem(atPath: script) }
        try ":select @extra\necho hi\n:select @nosuch\n".write(toFile: script, atomically: true, encoding: .utf8)
        let copy = NSTemporaryDirectory() + "chorus-secrets-put-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let runs = [
            "live": try chorus(base + ["-w", "@db,@cache,@extra", "--outdir", outdir, "--errdir", outdir + "/err", "env; id"], [:]),
            "json": try chorus(base + ["-o", "json", "-w", "@db,@extra", "echo", "$SSH_CONNECTION"], [:]),
            "gathered": try chorus(base + ["-B", "-w", "@db,@extra", "true"], [:]),
            "hosts --json": try chorus(base + ["hosts", "--json", "@db,@extra,@loose"], [:]),
            "groups": try chorus(base + ["groups"], [:]),
            "unknown group": try chorus(base + ["-w", "@wrong_group", "true"], [:]),
            "script": try chorus(base + [script], [:]),
            "put": try chorus(base + ["put", "--per-host", "-w", "@db,@extra", script, copy], [:]),
            // sudo's password from the environment (no terminal), right and wrong, in JSON.
            "sudo": try chorus(base + ["--sudo", "-o", "json", "-w", "web01,db01", "id -un"],
                               ["CHORUS_SUDO_PASSWORD": try #require(lab.password(for: "chorus-lab"))]),
            "sudo refused": try chorus(base + ["--sudo", "-w", "web01", "id -un"], ["CHORUS_SUDO_PASSWORD": wrong]),
            // Recorded redacted in the audit trail: the secret is in the command line.
            "redacted command": try chorus(base + ["-w", "@db", "MYSQL_PWD=\(wrong) true"], [:]),
        ]
        var written = runs.mapValues { $0.stdout + $0.stderr }
        #expect(written["put"]?.contains("wrongpass: auth-failed") == true, "the put must have tried the wrong password: \(written["put"] ?? "")")
        #expect(written["sudo"]?.contains(#""stdout":"root\n""#) == true, "sudo must have run: \(written["sudo"] ?? "")")
        #expect(written["sudo refused"]?.contains("sudo: authentication failed") == true, "\(written["sudo refused"] ?? "")")
        let audit = (try? String(contentsOfFile: outdir + "-state/chorus/audit.jsonl", encoding: .utf8)) ?? ""
        #expect(audit.contains(#""command":"[redacted]""#), "the audit trail must hold the redacted command: \(audit)")
        written["audit trail"] = audit
        let files = (try? FileManager.default.subpathsOfDirectory(atPath: outdir)) ?? []
        written["outdir files"] = try files.filter { !$0.hasSuffix("err") }.map { file in
            try String(contentsOfFile: outdir + "/" + file, encoding: .utf8)
        }.joined()
        return written
    }

    /// The interactive shell in a terminal: a broadcast with a failing host, `:info`,
    /// `:hosts`, `:groups`; then everything the terminal showed, the history file
    /// (under `$XDG_STATE_HOME`), and the command lines of chorus and its workers.
    private func interactiveOutputs(_ lab: LabManifest, inventory: String) throws -> [String: String] {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("chorus-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let marker = "CHORUS_TEST_RUN=\(UUID().uuidString)"
        let command = "\(marker) XDG_STATE_HOME='\(folder.path)/state' CHORUS_INVENTORY='\(inventory)' "
            + "CHORUS_KNOWN_HOSTS='\(lab.knownHosts)' '\(BinaryTests.binary)'"
        let shell = try Tmux(folder: folder, command: command, removesFolder: true)
        defer { shell.stop() }
        try shell.waitFor("chorus [none]>", attempts: 250)
        try shell.type(":select db01,@extra")
        try shell.press("Enter")
        try shell.waitFor(" · 3]>")
        try shell.type("echo $SSH_CONNECTION; id -un")
        try shell.press("Enter")
        try shell.waitFor("]!>")
        let processes = ProcessTree.carrying(environment: marker).map { pid in
            (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()).map { $0 == 0 ? 0x20 : $0 }
        }.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        let prompts = try shell.scrollback().components(separatedBy: "]!> ").count
        for line in [":info wrongpass", ":info passkey", ":hosts", ":groups"] {
            try shell.type(line)
            try shell.press("Enter")
        }
        var answered = 0
        for _ in 0..<500 where answered < 4 {  // each line's answer ends with a new prompt (at most 20 s)
            answered = try shell.scrollback().components(separatedBy: "]!> ").count - prompts
            if answered < 4 { usleep(40_000) }
        }
        #expect(answered == 4, "the shell answered \(answered) of 4 control lines")
        try typePassword(lab, in: shell)
        try shell.press("C-d")
        try shell.waitFor("EXIT:")
        let history = (try? String(contentsOfFile: folder.path + "/state/chorus/history", encoding: .utf8)) ?? ""
        let audit = (try? String(contentsOfFile: folder.path + "/state/chorus/audit.jsonl", encoding: .utf8)) ?? ""
        #expect(audit.contains(#""mode":"shell""#) && audit.contains(#""tty":"/dev/"#), "the shell's audit trail must exist: \(audit)")
        return ["shell terminal": try shell.scrollback(), "shell history": history, "shell audit trail": audit,
                "process list": processes]
    }

    /// A `password_prompt` host: its password typed at the terminal's prompt, echo off.
    private func typePassword(_ lab: LabManifest, in shell: Tmux) throws {
        let db = try #require(lab.hosts(inGroup: "db").first)
        try shell.type(":select typedpass")
        try shell.press("Enter")
        try shell.waitFor("[typedpass · 1]")
        try shell.type("echo typed-$(id -un)")
        try shell.press("Enter")
        try shell.waitFor("Password for \(db.user) (1 host):")
        try shell.type(try #require(lab.password(for: db.user)))
        try shell.press("Enter")
        try shell.waitFor("typedpass | typed-\(db.user)")
        // And sudo's password, typed once at its own prompt.
        let web = try #require(lab.hosts(inGroup: "web").first)
        try shell.type(":select \(web.name)")
        try shell.press("Enter")
        try shell.type(":set sudo on")
        try shell.press("Enter")
        try shell.type("echo sudo-$(id -un)")
        try shell.press("Enter")
        try shell.waitFor("sudo password on the hosts (Enter for none):")
        try shell.type(try #require(lab.password(for: web.user)))
        try shell.press("Enter")
        try shell.waitFor("\(web.name) | sudo-root")
    }
}
