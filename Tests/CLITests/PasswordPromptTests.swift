import Foundation
import LabSupport
import Testing

/// Passwords typed by the operator (`password_prompt = yes`, `-A`): the real binary in a
/// pseudo-terminal (tmux) against the lab's password hosts (`cache`: chorus-lab, `db`:
/// chorus-lab2), with an inventory that holds no password.
@Suite struct PasswordPromptTests {
    /// Two hosts of each password user, without their passwords; `more` lines in each.
    static func inventory(_ lab: LabManifest, more: [String]) throws -> (path: String, users: [String]) {
        let hosts = Array(lab.hosts(inGroup: "cache").prefix(2)) + Array(lab.hosts(inGroup: "db").prefix(2))
        let text = hosts.enumerated().map { index, host in
            (["[typed\(index + 1)]", "hostname = \(host.address)", "port = \(host.port)", "username = \(host.user)"] + more)
                .joined(separator: "\n") + "\n"
        }.joined(separator: "\n")
        let path = NSTemporaryDirectory() + "chorus-typed-\(UUID().uuidString).ini"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var users: [String] = []
        for host in hosts where !users.contains(host.user) { users.append(host.user) }
        return (path, users)
    }

    static func terminal(_ command: String) throws -> Tmux {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("chorus-typed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try Tmux(folder: folder, command: command, removesFolder: true)
    }

    /// Waits for `Password for USER (N hosts): `, types the user's password and Enter.
    static func answer(_ shell: Tmux, _ lab: LabManifest, user: String, hosts: Int) throws {
        try shell.waitFor("Password for \(user) (\(hosts) hosts):")
        try shell.type(try #require(lab.password(for: user)))
        try shell.press("Enter")
    }

    static func occurrences(_ text: String, in screen: String) -> Int { screen.components(separatedBy: text).count - 1 }

    @Test func passwordPromptAsksOncePerUserAndTheCommandRuns() throws {
        let lab = try Lab.shared().manifest
        let (inventory, users) = try Self.inventory(lab, more: ["password_prompt = yes"])
        defer { try? FileManager.default.removeItem(atPath: inventory) }
        let shell = try Self.terminal("'\(BinaryTests.binary)' -i '\(inventory)' --known-hosts '\(lab.knownHosts)' "
            + "--host-key-policy strict -w 'typed[1-4]' 'echo ran-as-$(id -un)'")
        defer { shell.stop() }
        for user in users { try Self.answer(shell, lab, user: user, hosts: 2) }
        try shell.waitFor("EXIT:")
        let screen = try shell.scrollback()
        #expect(screen.contains("EXIT:0"), "\(screen)")
        for user in users {
            #expect(Self.occurrences("Password for \(user) ", in: screen) == 1, "asked once for \(user): \(screen)")
            #expect(Self.occurrences("ran-as-\(user)\n", in: screen) == 2, "\(screen)")
        }
        for password in lab.users.compactMap(\.password) {
            #expect(!screen.contains(password), "a typed password appeared on the screen")
        }
    }

    /// The whole way: typed at the prompt, carried to a worker, answered to a PAM
    /// server's keyboard-interactive `Password:` (no `password` method offered).
    @Test func aTypedPasswordLogsInToAKeyboardInteractiveOnlyServer() throws {
        let lab = try Lab.shared().manifest
        let db = try #require(lab.hosts(inGroup: "db").first)
        let server = try ExtraSSHD(lab: lab, address: db.address,
                                   extra: ["KbdInteractiveAuthentication yes", "PasswordAuthentication no"], pam: PAMStack.password)
        defer { server.stop() }
        let inventory = NSTemporaryDirectory() + "chorus-kbdint-\(UUID().uuidString).ini"
        try "[pamhost]\nhostname = \(db.address)\nport = \(server.port)\nusername = \(db.user)\npassword_prompt = yes\n"
            .write(toFile: inventory, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: inventory) }
        let shell = try Self.terminal("'\(BinaryTests.binary)' -i '\(inventory)' --host-key-policy off -w pamhost 'echo kbd-$(id -un)'")
        defer { shell.stop() }
        try shell.waitFor("Password for \(db.user) (1 host):")
        try shell.type(try #require(lab.password(for: db.user)))
        try shell.press("Enter")
        let screen = try shell.waitFor("EXIT:")
        #expect(screen.contains("kbd-\(db.user)\n") && screen.contains("EXIT:0"), "\(screen)")
        #expect(!screen.contains(try #require(lab.password(for: db.user))))
    }

    /// `-A` at shell start-up: asked at the first command, kept for the next ones.
    @Test func askPasswordInTheShellAsksOnceForTheSession() throws {
        let lab = try Lab.shared().manifest
        let (inventory, users) = try Self.inventory(lab, more: [])
        defer { try? FileManager.default.removeItem(atPath: inventory) }
        let shell = try Self.terminal("XDG_STATE_HOME=\"$PWD/state\" '\(BinaryTests.binary)' -A -i '\(inventory)' "
            + "--known-hosts '\(lab.knownHosts)' --host-key-policy strict")
        defer { shell.stop() }
        try shell.waitFor("chorus [none]>", attempts: 250)
        try shell.type(":select typed[1-4]")
        try shell.press("Enter")
        try shell.waitFor("chorus [typed[1-4] · 4]>")
        try shell.type("echo first-$(id -un)")
        try shell.press("Enter")
        for user in users { try Self.answer(shell, lab, user: user, hosts: 2) }
        try shell.waitFor("second command's prompt") { Self.occurrences("chorus [typed[1-4] · 4]>", in: $0) == 2 }
        try shell.type("echo second-$(id -un)")
        try shell.press("Enter")
        try shell.waitFor("the second command's output") { Self.occurrences("second-chorus-lab2", in: $0) == 2 }
        try shell.press("C-d")
        try shell.waitFor("EXIT:")
        let screen = try shell.scrollback()
        for user in users {
            #expect(Self.occurrences("Password for \(user) ", in: screen) == 1, "asked once for \(user): \(screen)")
            #expect(Self.occurrences("first-\(user)\n", in: screen) == 2 && Self.occurrences("second-\(user)\n", in: screen) == 2,
                    "\(screen)")
        }
        let history = (try? String(contentsOfFile: shell.folder.path + "/state/chorus/history", encoding: .utf8)) ?? ""
        #expect(history.contains("first-"), "the history file must exist")
        for password in lab.users.compactMap(\.password) {
            #expect(!screen.contains(password) && !history.contains(password), "a typed password appeared")
        }
    }

    /// A refused typed password is not kept: the next command asks again.
    @Test func aRefusedTypedPasswordIsAskedAgainInTheShell() throws {
        let lab = try Lab.shared().manifest
        let (inventory, users) = try Self.inventory(lab, more: ["password_prompt = yes"])
        defer { try? FileManager.default.removeItem(atPath: inventory) }
        let shell = try Self.terminal("XDG_STATE_HOME=\"$PWD/state\" '\(BinaryTests.binary)' -i '\(inventory)' "
            + "--known-hosts '\(lab.knownHosts)' --host-key-policy strict")
        defer { shell.stop() }
        try shell.waitFor("chorus [none]>", attempts: 250)
        try shell.type(":select typed[1-2]")
        try shell.press("Enter")
        try shell.waitFor("chorus [typed[1-2] · 2]>")
        try shell.type("echo again-$(id -un)")
        try shell.press("Enter")
        try shell.waitFor("Password for \(users[0]) (2 hosts):")
        try shell.type("not-the-password")
        try shell.press("Enter")
        try shell.waitFor("chorus [typed[1-2] · 2]!>")
        try shell.press("Up")
        try shell.press("Enter")
        try Self.answer(shell, lab, user: users[0], hosts: 2)
        let screen = try shell.waitFor("the second run's output") { Self.occurrences("again-\(users[0])\n", in: $0) == 2 }
        #expect(Self.occurrences("Password for \(users[0]) ", in: screen) == 2, "\(screen)")
        #expect(screen.contains("password: refused"), "\(screen)")
    }

    /// ^C at the prompt runs nothing, exits 130, and leaves the terminal echoing.
    @Test func controlCAtThePromptRunsNothingAndRestoresTheTerminal() throws {
        let lab = try Lab.shared().manifest
        let (inventory, users) = try Self.inventory(lab, more: ["password_prompt = yes"])
        defer { try? FileManager.default.removeItem(atPath: inventory) }
        let shell = try Self.terminal("'\(BinaryTests.binary)' -i '\(inventory)' --known-hosts '\(lab.knownHosts)' "
            + "-w 'typed[1-4]' 'echo ran'; echo STATUS:$?; stty -a | tr ' ' '\\n' | grep -x -e echo -e -echo")
        defer { shell.stop() }
        try shell.waitFor("Password for \(users[0]) (2 hosts):")
        try shell.type("half-typed")
        try shell.press("C-c")
        let screen = try shell.waitFor("EXIT:")
        #expect(screen.contains("chorus: interrupted at the password prompt; nothing was run"), "\(screen)")
        #expect(screen.contains("STATUS:130"), "\(screen)")
        #expect(screen.split(separator: "\n").contains("echo"), "the terminal echoes again: \(screen)")
        #expect(!screen.contains("ran\n") && !screen.contains("half-typed"), "\(screen)")
    }

    /// No controlling terminal (`setsid`): the prompted hosts fail with one line each,
    /// the key host runs.
    @Test func withNoTerminalThePromptedHostsFailAndTheOthersRun() throws {
        let lab = try Lab.shared().manifest
        let (inventory, _) = try Self.inventory(lab, more: ["password_prompt = yes"])
        defer { try? FileManager.default.removeItem(atPath: inventory) }
        let web = try #require(lab.hosts(inGroup: "web").first)
        let keyed = "\n[keyed]\nhostname = \(web.address)\nport = \(web.port)\nusername = \(web.user)\nidentity_file = \(lab.keys.ed25519)\n"
        try (String(contentsOfFile: inventory, encoding: .utf8) + keyed).write(toFile: inventory, atomically: true, encoding: .utf8)
        let run = try LabScript.runProgram("/usr/bin/setsid", ["-w", BinaryTests.binary, "-i", inventory, "--known-hosts", lab.knownHosts,
                                                               "-w", "typed[1-4],keyed", "echo ran"])
        let lines = (run.stdout + run.stderr).split(separator: "\n")
        #expect(run.status == 4, "\(run.stdout)\(run.stderr)")
        #expect(lines.filter { $0.contains("password_prompt: no terminal to ask on; set password_env") }.count == 4,
                "\(run.stdout)\(run.stderr)")
        #expect(lines.contains { $0.hasPrefix("keyed") && $0.contains("ran") }, "\(run.stdout)")
    }

    /// `password_env NAME` naming an unset variable is said as such when it is the host's
    /// only way in (no agent, no default keys).
    @Test func unsetPasswordEnvIsNamed() throws {
        let lab = try Lab.shared().manifest
        let db = try #require(lab.hosts(inGroup: "db").first)
        let folder = NSTemporaryDirectory() + "chorus-noenv-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "[envhost]\nhostname = \(db.address)\nport = \(db.port)\nusername = \(db.user)\npassword_env = CHORUS_TEST_NO_SUCH_VAR\n"
            .write(toFile: folder + "/inventory.ini", atomically: true, encoding: .utf8)
        var environment = LabScript.environment
        environment["HOME"] = folder
        environment["SSH_AUTH_SOCK"] = nil
        environment["CHORUS_TEST_NO_SUCH_VAR"] = nil
        let run = try LabScript.runProgram(BinaryTests.binary, ["-i", folder + "/inventory.ini", "--known-hosts", lab.knownHosts,
                                                                "-w", "envhost", "true"], environment: environment)
        #expect(run.status == 4)
        #expect((run.stdout + run.stderr).contains("password_env CHORUS_TEST_NO_SUCH_VAR is not set"), "\(run.stdout)\(run.stderr)")
        #expect(!(run.stdout + run.stderr).contains("no method configured"))
    }

    /// An encrypted key the inventory names with no passphrase: asked once for every
    /// host using it, and the command runs.
    @Test func anEncryptedKeysPassphraseIsAskedOncePerKeyFile() throws {
        let lab = try Lab.shared().manifest
        let hosts = Array(lab.hosts(inGroup: "web").prefix(2))
        let key = lab.keys.ed25519Passphrase
        let text = hosts.enumerated().map { index, host in
            "[locked\(index + 1)]\nhostname = \(host.address)\nport = \(host.port)\nusername = \(host.user)\nidentity_file = \(key)\n"
        }.joined(separator: "\n")
        let inventory = NSTemporaryDirectory() + "chorus-locked-\(UUID().uuidString).ini"
        try text.write(toFile: inventory, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: inventory) }
        let shell = try Self.terminal("'\(BinaryTests.binary)' -F none -i '\(inventory)' --known-hosts '\(lab.knownHosts)' "
            + "--host-key-policy strict -w 'locked[1-2]' 'echo unlocked'")
        defer { shell.stop() }
        try shell.waitFor("Passphrase for key \(key):")
        try shell.type(lab.keys.passphrase)
        try shell.press("Enter")
        try shell.waitFor("EXIT:")
        let screen = try shell.scrollback()
        #expect(screen.contains("EXIT:0"), "\(screen)")
        #expect(Self.occurrences("Passphrase for key", in: screen) == 1, "\(screen)")
        #expect(Self.occurrences("| unlocked", in: screen) == 2 || Self.occurrences(": unlocked", in: screen) == 2, "\(screen)")
        #expect(!screen.contains(lab.keys.passphrase))
    }
}
