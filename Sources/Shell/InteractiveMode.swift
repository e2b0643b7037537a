#if canImport(Glibc)
import Glibc
#endif
import Broadcasting
import FoundationEssentials
import HostPatterns
import Inventory
import LineEditing
import Posix
import Rendering

/// `chorus` with no command: the interactive shell on a terminal, or a script from a
/// file (`chorus FILE`) or from standard input when it is not a terminal.
package enum InteractiveMode {
    /// - Parameter selecting: a pattern to select before the first prompt (`chorus -w
    ///   PATTERN` on a terminal).
    package static func run(_ context: RunContext, script: String?, input: Int32, selecting: String? = nil) throws -> ExitStatus {
        let session = try InteractiveSession(context: context)
        defer { session.shutdown() }
        if let selecting { _ = session.handle(":select \(selecting)") }
        let ok: Bool
        if let script {
            session.auditMode = .script
            session.settings.errexit = true
            session.remarksToStandardError = true
            ok = try session.source(script)
        } else if isatty(input) == 1 {
            ok = try runTerminal(session)
        } else {
            session.auditMode = .script
            session.settings.errexit = true
            session.remarksToStandardError = true
            ok = session.runScript(named: "(standard input)") { Swift.readLine(strippingNewline: true) }
        }
        if let signal = session.endSignal { return .signalled(signal) }
        // A script stopped by a bad line (`:selct`) exits 2, as every usage error does.
        return ok ? .ok : (session.lastErrorStatus ?? .commandFailed)
    }

    private static func runTerminal(_ session: InteractiveSession) throws -> Bool {
        let editor = try LineEditor(historyFile: historyPath(session.environment), prompt: { session.prompt },
                                    completion: { line, cursor in Completer(session: session).candidates(line, cursor) })
        var ok = true
        var historyWarned = false
        while true {  // until quit, exit, end of input or a terminating signal
            if let signal = session.takeTerminatingSignal() {
                session.endSignal = signal
                return false
            }
            switch editor.readLine() {
            case .interrupted: continue
            case .terminated(let signal):
                session.endSignal = signal
                return false
            case .endOfInput:
                session.console.out("\n")
                return ok
            case .line(let text):
                if HistoryPolicy.shouldRecord(text) {
                    record(text, in: editor, warned: &historyWarned, console: session.console)
                    session.typed.append(text)
                }
                let result = session.handle(text)
                ok = result.ok
                if result.step == .quit { return ok }
            }
        }
    }

    /// Adds a line to the history; a file that cannot be saved is said once (the
    /// history is then kept for this session only), never dropped in silence.
    private static func record(_ text: String, in editor: LineEditor, warned: inout Bool, console: Console) {
        do {
            try editor.record(text)
        } catch {
            guard !warned else { return }
            warned = true
            console.error("warning: \(error); history is kept for this session only")
        }
    }

    /// `$XDG_STATE_HOME/chorus/history` (default `~/.local/state/chorus/history`),
    /// its folder created 0700; nil when there is no home.
    static func historyPath(_ environment: [String: String]) -> String? {
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["HOME"].map { $0 + "/.local/state" }
        guard let state else { return nil }
        let folder = state + "/chorus"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        return folder + "/history"
    }
}
