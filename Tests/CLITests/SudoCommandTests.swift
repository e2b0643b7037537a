import Foundation
import LabSupport
import Testing

/// `--sudo` and `:set sudo on` against the lab's sudoers (web hosts: `chorus-lab`, with
/// its password; db hosts: `chorus-lab2`, NOPASSWD). Without a terminal the password
/// comes from CHORUS_SUDO_PASSWORD; it never shows in output.
@Suite struct SudoCommandTests {
    @Test func oneShotSudoRunsAsRootOnPasswordAndNoPasswordHosts() throws {
        let lab = try Lab.shared().manifest
        let password = try #require(lab.password(for: "chorus-lab"))
        let run = try chorus(OneShotTests.labArguments(lab) + ["--sudo", "-w", "web01,db01", "id", "-un"],
                             environment: ["CHORUS_SUDO_PASSWORD": password])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").sorted() == ["db01: root", "web01: root"])
        #expect(!run.stdout.contains(password) && !run.stderr.contains(password))
    }

    @Test func aWrongPasswordFailsThoseHostsOnlyWithClassFour() throws {
        let lab = try Lab.shared().manifest
        let run = try chorus(OneShotTests.labArguments(lab) + ["--sudo", "-w", "web01,db01", "id", "-un"],
                             environment: ["CHORUS_SUDO_PASSWORD": "not-the-password"])
        #expect(run.status == 4)
        #expect(run.stdout == "db01: root\n")
        #expect(run.stderr.contains("web01: sudo: authentication failed"), "\(run.stderr)")
        #expect(!run.stderr.contains("not-the-password"))
    }

    @Test func theShellsDirectoryAppliesUnderSudo() throws {
        let lab = try Lab.shared().manifest
        let password = try #require(lab.password(for: "chorus-lab"))
        let run = try chorusScript(":select web02\ncd /usr/share\n:set sudo on\npwd\nid -u\n", lab: lab,
                                   environment: ["CHORUS_SUDO_PASSWORD": password])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("web02: /usr/share"), "\(run.stdout)")
        #expect(run.stdout.contains("web02: 0"), "\(run.stdout)")
        #expect(!run.stdout.contains(password) && !run.stderr.contains(password))
    }

    /// With a terminal, the sudo password is asked once, without echo, and kept for the
    /// shell's session: two sudo commands, one prompt; never on the screen.
    @Test func theSudoPasswordIsAskedOnceOnTheTerminal() throws {
        let lab = try Lab.shared().manifest
        let password = try #require(lab.password(for: "chorus-lab"))
        let shell = try PasswordPromptTests.terminal("'\(BinaryTests.binary)' -i '\(lab.inventory)' --known-hosts '\(lab.knownHosts)' "
            + "--host-key-policy strict --sudo")
        defer { shell.stop() }
        try shell.waitFor("chorus [")
        try shell.type(":select web03,db02")
        try shell.press("Enter")
        try shell.type("echo first-$(id -un)")
        try shell.press("Enter")
        try shell.waitFor("sudo password on the hosts (Enter for none):")
        try shell.type(password)
        try shell.press("Enter")
        try shell.waitFor("web03 | first-root")
        try shell.type("echo second-$(id -un)")
        try shell.press("Enter")
        try shell.waitFor("web03 | second-root")
        let screen = try shell.scrollback()
        #expect(screen.contains("db02  | first-root") && screen.contains("db02  | second-root"), "\(screen)")
        #expect(PasswordPromptTests.occurrences("sudo password on the hosts", in: screen) == 1, "\(screen)")
        #expect(!screen.contains(password), "the sudo password appeared on the screen")
    }
}
