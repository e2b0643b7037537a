import Foundation
import LabSupport
import Testing

/// A ^C overtakes whatever stands between it and the hosts: output still queued for a
/// terminal that cannot keep up, and a handshake that never ends. Before, both held the
/// cancel past its grace (3 s): the worker was killed, the host reported `worker-died`
/// (exit 4), and every other session on that worker was lost.
@Suite struct CancelOvertakesTests {
    /// `chorus -w web01 yes` on a terminal, then ^C: the host is `cancelled`, status 3.
    @Test func ctrlCOvertakesOutputQueuedForATerminal() throws {
        let lab = try Lab.shared().manifest
        let folder = NSTemporaryDirectory() + "chorus-yes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let words = [BinaryTests.binary] + OneShotTests.labArguments(lab) + ["-w", "web01", "yes overtaken-1"]
        let shell = try Tmux(folder: URL(fileURLWithPath: folder), command: words.map { "'\($0)'" }.joined(separator: " "),
                             removesFolder: true)
        defer { shell.stop() }
        try shell.waitFor("web01 | overtaken-1")
        try shell.press("C-c")
        let screen = try shell.waitFor("the exit status") { $0.contains("EXIT:") }
        #expect(screen.contains("EXIT:3"), "\(screen)")
        #expect(screen.contains("cancelled"), "\(screen)")
        #expect(!screen.contains("worker-died"), "\(screen)")
        #expect(try remoteCount("yes overtaken-1") == 0, "the remote yes survived ^C")
    }

    /// In the shell, ^C on one host's flood keeps its worker, so the sessions it holds
    /// to other hosts are used again by the next command: the same client port.
    @Test func ctrlCInTheShellKeepsTheWorkerAndItsSessions() throws {
        let lab = try Lab.shared().manifest
        let shell = try InteractiveShellTests.start(lab)
        defer { shell.stop() }
        let before = try Self.connections("before", on: "web[01-04]", in: shell)
        try InteractiveShellTests.select("web01", hosts: 1, in: shell)
        try shell.type("yes overtaken-2")
        try shell.press("Enter")
        try shell.waitFor("web01 | overtaken-2")
        try shell.press("C-c")
        let screen = try shell.waitFor("the prompt back") { screen in
            (screen.contains("cancelled") || screen.contains("worker-died")) && screen.contains("chorus [web01 · 1]")
        }
        #expect(screen.contains("cancelled: web01"), "\(screen)")
        #expect(!screen.contains("worker-died"), "\(screen)")
        let after = try Self.connections("after", on: "web[01-04]", in: shell)
        for host in ["web02", "web03", "web04"] {
            #expect(before[host] != nil && before[host] == after[host], "\(host) connected again: \(before) \(after)")
        }
        #expect(after["web01"] != nil)
        #expect(try remoteCount("yes overtaken-2") == 0, "the remote yes survived ^C")
    }

    /// ^C while the only host accepts TCP and never sends its banner (connect timeout
    /// 30 s): the attempt is given up, the host is `cancelled`, status 3.
    @Test func ctrlCAbandonsAHangingHandshake() throws {
        let lab = try Lab.shared().manifest
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        let silent = try TCPServer(address: "127.0.0.1", behaviour: .silent)
        defer { silent.stop() }
        try inventory.addGroup("mute", [
            "[mute]\nhostname = 127.0.0.1\nport = \(silent.port)\nusername = chorus-lab\npassword = x\nconnect_timeout = 30\n",
        ])
        let program = try RunningProgram(BinaryTests.binary, ["-i", inventory.path, "--known-hosts", lab.knownHosts,
                                                              "-o", "json", "-w", "mute", "true"])
        try Self.waitForConnection(to: silent.port, from: program)
        kill(program.pid, SIGINT)
        let run = try program.wait()
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
        let statuses = try jsonObjects(run.stdout).compactMap { $0["status"] as? String }
        #expect(statuses == ["cancelled"], "\(run.stdout)")
        #expect(!run.stdout.contains("worker-died"))
    }

    /// Runs `echo TAG $SSH_CONNECTION` on `pattern` and returns each host's client port.
    private static func connections(_ tag: String, on pattern: String, in shell: Tmux) throws -> [String: String] {
        try shell.type(":select \(pattern)")
        try shell.press("Enter")
        try shell.waitFor("chorus [\(pattern) · 4]")  // with a ! after a cancel
        try shell.type("echo \(tag) $SSH_CONNECTION")
        try shell.press("Enter")
        let screen = try shell.waitFor("four answers and the prompt") { screen in
            let last = screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            return (1...4).allSatisfy { screen.contains("web0\($0) | \(tag) ") } && last?.hasPrefix("chorus [\(pattern) · 4]") == true
        }
        var ports: [String: String] = [:]
        for line in screen.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.count >= 5, words[1] == "|", words[2] == Substring(tag) else { continue }
            ports[String(words[0])] = String(words[4])
        }
        return ports
    }

    /// Waits (at most 20 s) until a loopback connection to `port` is established: the
    /// worker is then in its SSH handshake, waiting for a banner that never comes.
    private static func waitForConnection(to port: Int, from program: RunningProgram) throws {
        let suffix = String(format: ":%04X", port)
        for _ in 0..<200 {
            // Read to the end: a procfs file reports size 0, and one read gives a page.
            let table = String(decoding: FileHandle(forReadingAtPath: "/proc/net/tcp")?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
            let established = table.split(separator: "\n").contains { line in
                let fields = line.split(separator: " ")
                return fields.count > 3 && fields[2].hasSuffix(suffix) && fields[3] == "01"
            }
            if established { return }
            usleep(100_000)
        }
        kill(program.pid, SIGINT)
        let run = try program.wait()
        throw NoConnection(port: port, output: run.stdout + run.stderr)
    }

    struct NoConnection: Error {
        let port: Int
        let output: String
    }
}
