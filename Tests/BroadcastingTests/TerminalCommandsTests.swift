import Broadcasting
import Testing

/// Editors and screen monitors are refused with a line that says what to do; their
/// batch forms, and everything else, pass.
@Suite struct TerminalCommandsTests {
    static let refusedWithoutPty = ["top", "htop", "sudo top", "/usr/bin/top -d 1", "watch df", "TERM=xterm top"]
    static let refusedAlways = ["vi /etc/hosts", "vim x", "sudo nano /etc/fstab", "emacs -nw f", "tmux", "exec vim"]
    static let allowed = ["top -b -n 1", "top -bn1", "vim -es -c q", "emacs --batch -l f", "tmux ls", "ls", "echo top",
                          "topology", "grep vi file", "", "  "]

    @Test(arguments: refusedWithoutPty)
    func monitorsNeedAPty(command: String) throws {
        let refusal = try #require(TerminalCommands.refusal(command, pty: false))
        #expect(refusal.contains("needs a terminal") && refusal.contains("--pty"), "\(refusal)")
        #expect(TerminalCommands.refusal(command, pty: true) == nil)
    }

    @Test(arguments: refusedAlways)
    func editorsAreRefusedEvenWithAPty(command: String) throws {
        for pty in [false, true] {
            let refusal = try #require(TerminalCommands.refusal(command, pty: pty))
            #expect(refusal.contains("reads keys from the terminal"), "\(refusal)")
        }
    }

    @Test(arguments: allowed)
    func batchFormsAndOtherCommandsPass(command: String) {
        #expect(TerminalCommands.refusal(command, pty: false) == nil)
    }

    @Test func topSuggestsItsBatchForm() {
        #expect(TerminalCommands.refusal("top", pty: false)
            == "'top' needs a terminal: run 'top -b' for a plain listing, or give it one with --pty (:set pty on; Ctrl-C ends it)")
    }
}
