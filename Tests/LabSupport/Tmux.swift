import Foundation

/// A private tmux server (its own socket in a scratch folder) running one command in a
/// pseudo-terminal, driven with send-keys and read with capture-pane. Every wait is
/// bounded: `waitFor` polls the screen at most `attempts` times.
public final class Tmux {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static let executable: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    public let folder: URL
    private let tmux: String
    private let socket: String
    private let removesFolder: Bool

    /// Starts `command` (a shell line) in a 100×30 window, with HOME set to the scratch
    /// folder (so no user ~/.editrc leaks in; XDG_STATE_HOME unset, so chorus keeps its
    /// state there too unless `command` says otherwise) and a UTF-8 locale.
    /// - Parameter removesFolder: delete `folder` on `stop`.
    public init(folder: URL, command: String, removesFolder: Bool) throws {
        guard let tmux = Self.executable else {
            throw Failure(description: "tmux is required for the LineEditing tests: install it (apt-get install tmux)")
        }
        self.tmux = tmux
        self.folder = folder
        self.removesFolder = removesFolder
        socket = folder.appendingPathComponent("tmux-\(UUID().uuidString.prefix(8)).sock").path
        let line = "cd '\(folder.path)' && unset XDG_STATE_HOME && HOME='\(folder.path)' LC_ALL=C.UTF-8 \(command); echo EXIT:$?; sleep 30"
        try run(["-f", "/dev/null", "new-session", "-d", "-s", "probe", "-x", "100", "-y", "30", line])
    }

    deinit { stop() }

    /// Ends the server and the probe with it (the pane's terminal goes away).
    public func stop() {
        _ = try? run(["kill-server"])
        if removesFolder { try? FileManager.default.removeItem(at: folder) }
    }

    public func type(_ text: String) throws { try run(["send-keys", "-t", "probe", "-l", text]) }

    /// Named keys: `Enter`, `Tab`, `Up`, `C-c`, `C-d`.
    public func press(_ keys: String...) throws { try run(["send-keys", "-t", "probe"] + keys) }

    /// Resizes the window, as a user dragging the terminal's corner: the probe gets SIGWINCH.
    public func resize(columns: Int, rows: Int) throws {
        try run(["resize-window", "-t", "probe", "-x", String(columns), "-y", String(rows)])
    }

    /// The process tmux started for the pane: the `sh -c` running the command line.
    public func panePID() throws -> pid_t {
        let text = try run(["display-message", "-p", "-t", "probe", "#{pane_pid}"]).stdout
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "tmux gave no pane pid: '\(text)'")
        }
        return pid
    }

    public func screen() throws -> String { try run(["capture-pane", "-p", "-t", "probe"]).stdout }

    /// Everything the pane has shown since it started: its scrollback and the screen.
    public func scrollback() throws -> String { try run(["capture-pane", "-p", "-S", "-", "-t", "probe"]).stdout }

    /// Polls the screen until `predicate` holds, at most `attempts` times 40 ms apart (20 s by default: other suites may load the machine).
    @discardableResult
    public func waitFor(_ what: String, attempts: Int = 500, _ predicate: (String) -> Bool) throws -> String {
        var last = ""
        for _ in 0..<attempts {
            last = try screen()
            if predicate(last) { return last }
            usleep(40_000)
        }
        throw Failure(description: "timed out waiting for \(what); screen:\n\(last)")
    }

    /// Waits for `text` to appear on the screen.
    @discardableResult
    public func waitFor(_ text: String, attempts: Int = 500) throws -> String {
        try waitFor("'\(text)'", attempts: attempts) { $0.contains(text) }
    }

    /// Runs a tmux client with no signal blocked: test-pool threads block signals and a
    /// spawned child inherits the mask, which would leave the tmux server and the probe
    /// deaf to SIGHUP (kill-server) and SIGINT (Ctrl-C).
    @discardableResult
    private func run(_ arguments: [String]) throws -> LabScript.Output {
        let output = try LabScript.withNoSignalBlocked { try LabScript.runProgram(tmux, ["-S", socket] + arguments) }
        guard output.status == 0 || arguments == ["kill-server"] else {
            throw Failure(description: "tmux \(arguments.first ?? "") failed: \(output.stderr)")
        }
        return output
    }
}
