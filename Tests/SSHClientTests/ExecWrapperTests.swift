import Foundation
import LabSupport
import SSHClient
import Testing

/// The wrapper around pty-less commands, under sh, dash and bash login shells: the
/// command's stdin is empty, the process-group marker is found behind what a login
/// file prints, and a command does not outlive the connection that started it.
@Suite struct ExecWrapperTests {
    static let shells = ["/bin/sh", "/usr/bin/dash", "/bin/bash"]

    @Test func aCommandReadingStdinGetsEndOfFileAtOnce() async throws {
        let lab = try Lab.shared().manifest
        let target = lab.target(try #require(lab.hosts(inGroup: "web").dropFirst(5).first))
        let results = try await onOwnThread { try runCommands(target, ["cat; echo done"], limit: 15) }
        #expect(results.first?.outcome == .exited(0), "cat waited for input that never comes")
        #expect(results.first?.stdoutText == "done\n")
    }

    /// The end of a command's output is not the end of the command: coreutils close
    /// stdout just before they exit, a daemon may close it and go on. The channel stays
    /// open until the server says the command ended, so the watchdog never mistakes our
    /// close for a lost connection (before: `mv` replacing a file came back
    /// `signalled("TERM")` about once in three puts; here the command was killed).
    @Test func aCommandThatClosesItsOutputFirstKeepsItsExitStatus() async throws {
        let lab = try Lab.shared().manifest
        let target = lab.target(try #require(lab.hosts(inGroup: "web").dropFirst(5).first))
        let results = try await onOwnThread {
            try runCommands(target, ["echo before; exec >&- 2>&-; sleep 1; exit 3"], limit: 20)
        }
        #expect(results.first?.outcome == .exited(3), "the command was cut short: \(String(describing: results.first?.outcome))")
        #expect(results.first?.stdoutText == "before\n")
    }

    @Test(arguments: zip(shells, ["31.41", "31.42", "31.43"]))
    func markerIsFoundBehindALoginFilesOutput(shell: String, tag: String) async throws {
        let lab = try Lab.shared().manifest
        let (server, target) = try Self.loginShellServer(lab, shell: shell, banner: true)
        defer { server.stop() }
        let (echoed, cancelled) = try await onOwnThread { () -> (CommandResult, ExecOutcome?) in
            let echoed = try runCommands(target, ["echo hi"], limit: 15).first ?? CommandResult()
            let loop = try SSHEventLoop()
            let session = loop.connect(target)
            let box = ResultBox()
            let channel = session.exec("sleep \(tag); echo never", handler: box.record)
            _ = loop.run(limit: 15) { (try? remoteCount("sleep \(tag)")) == 1 }
            channel.cancel()
            _ = loop.run(limit: 10) { box.isDone }
            return (echoed, box.result.outcome)
        }
        #expect(echoed.stdoutText == "login-banner\nhi\n", "only the marker line is taken out")
        #expect(cancelled == .cancelled(timedOut: false))
        #expect(try waitUntilGone("sleep \(tag)"), "the cancel did not kill the command under \(shell)")
    }

    @Test(arguments: zip(shells, ["60.51", "60.52", "60.53"]))
    func aCommandEndsWhenItsConnectionGoes(shell: String, tag: String) async throws {
        let lab = try Lab.shared().manifest
        let (server, target) = try Self.loginShellServer(lab, shell: shell, banner: false)
        defer { server.stop() }
        let (started, sshds) = try await onOwnThread { () -> (Bool, [pid_t]) in
            let loop = try SSHEventLoop()
            let session = loop.connect(target)
            session.exec("sleep \(tag)") { _ in }
            let started = loop.run(limit: 30) { (try? remoteCount("sleep \(tag)")) == 1 }
            // The connection goes as in a crash: its sshd processes die, nothing is
            // cancelled or closed, and the command's shell is left to notice.
            return (started, server.killSSHDProcesses())
        }
        #expect(started, "the command never started")
        #expect(!sshds.isEmpty, "no sshd process to kill")
        #expect(try waitUntilGone("sleep \(tag)"), "the command outlived its connection under \(shell)")
    }

    /// A server whose account behaves as if its login shell were `shell` (sshd runs the
    /// ForceCommand with the real login shell, which execs `shell -c COMMAND` in its
    /// place: same pid, so still the session leader), and whose login files print a
    /// line first when `banner` is set.
    static func loginShellServer(_ lab: LabManifest, shell: String, banner: Bool) throws -> (ExtraSSHD, SSHTarget) {
        let host = try #require(lab.hosts(inGroup: "web").dropFirst(6).first)
        let force = (banner ? "echo login-banner; " : "") + "exec \(shell) -c \"$SSH_ORIGINAL_COMMAND\""
        let server = try ExtraSSHD(lab: lab, address: host.address, extra: ["ForceCommand \(force)"])
        var target = lab.target(host, policy: .off)
        target.port = server.port
        return (server, target)
    }
}

/// How many processes on this machine run exactly `text` (lab hosts are local sshds).
func remoteCount(_ text: String) throws -> Int {
    let run = try LabScript.runProgram("/usr/bin/pgrep", ["-c", "-f", "-x", text])
    return Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
}

/// Waits (5 s at most) until no process runs `text`.
func waitUntilGone(_ text: String) throws -> Bool {
    for _ in 0..<50 {
        if try remoteCount(text) == 0 { return true }
        usleep(100_000)
    }
    return false
}
