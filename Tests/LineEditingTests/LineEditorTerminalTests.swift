import Foundation
import LabSupport
import Testing

/// The real editor under a pseudo-terminal: `lineedit-probe` in tmux.
@Suite struct LineEditorTerminalTests {
    /// Beside the test bundle, built because this target depends on it.
    static let probe: String = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("lineedit-probe").path

    /// A scratch folder, and a probe running in tmux with `history` as its history file.
    static func start(in folder: URL? = nil) throws -> Tmux {
        let tmux = try Tmux(folder: folder ?? scratch(), command: "'\(probe)' history", removesFolder: folder == nil)
        try tmux.waitFor("probe[0]>")  // capture-pane drops trailing blanks
        return tmux
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-lineedit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func typedLineIsAccepted() throws {
        let tmux = try Self.start()
        defer { tmux.stop() }
        try tmux.type("echo hi there")
        try tmux.press("Enter")
        try tmux.waitFor("got: [echo hi there]")
        try tmux.waitFor("probe[1]>")  // the prompt closure is asked again
    }

    @Test func tabCompletesAUniquePrefix() throws {
        let tmux = try Self.start()
        defer { tmux.stop() }
        try tmux.type("run ho")
        try tmux.press("Tab")
        try tmux.waitFor("probe[0]> run hosts")
        try tmux.press("Enter")
        try tmux.waitFor("got: [run hosts ]")
    }

    @Test func tabInsertsTheCommonPrefixThenTabTabLists() throws {
        let tmux = try Self.start()
        defer { tmux.stop() }
        try tmux.type("sel")
        try tmux.press("Tab")
        try tmux.waitFor("probe[0]> select")
        try tmux.press("Tab")
        try tmux.press("Tab")
        try tmux.waitFor("select  selection")
        try tmux.type("ion")
        try tmux.press("Enter")
        try tmux.waitFor("got: [selection]")
    }

    @Test func tabTabListsEveryCandidateOfAnAmbiguousWord() throws {
        let tmux = try Self.start()
        defer { tmux.stop() }
        try tmux.type("h")
        try tmux.press("Tab")
        try tmux.press("Tab")
        try tmux.waitFor("help  history  hosts  héllo")
    }

    @Test func historyIsRecalledAfterARestart() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            let first = try Self.start(in: folder)
            for round in 1...2 {  // the same line twice is kept once (H_SETUNIQUE)
                try first.type("echo first")
                try first.press("Enter")
                try first.waitFor("probe[\(round)]>")
            }
            try first.press("C-d")
            try first.waitFor("EXIT:0")
            first.stop()
        }
        let saved = try String(contentsOf: folder.appendingPathComponent("history"), encoding: .utf8)
        #expect(saved.contains("echo\\040first"))
        // Saved through a temporary file that was renamed: none left, and private.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.contains(".tmp-") })
        let mode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("history").path)[.posixPermissions]
        #expect((mode as? Int) == 0o600)
        let second = try Self.start(in: folder)
        defer { second.stop() }
        try second.waitFor("history: 1")
        try second.press("Up")
        try second.waitFor("probe[0]> echo first")
        try second.press("Enter")
        try second.waitFor("got: [echo first]")
    }

    @Test func ctrlCDiscardsThePartialLineAndPromptsAgain() throws {
        let tmux = try Self.start()
        defer { tmux.stop() }
        try tmux.type("partial words")
        try tmux.waitFor("probe[0]> partial words")
        try tmux.press("C-c")
        try tmux.waitFor("interrupted")
        try tmux.type("after")
        try tmux.press("Enter")
        let screen = try tmux.waitFor("got: [after]")
        #expect(screen.contains("probe[0]> partial words^C"))
        #expect(!screen.contains("EXIT:"))
    }

    /// Without the resize libedit still counts 100 columns: Ctrl-A would then stay on
    /// the wrapped second row, and the insertion would be drawn there.
    @Test func aResizedWindowKeepsTheLineAndIsEditedAtItsNewWidth() throws {
        let tmux = try Self.start()
        defer { tmux.stop() }
        try tmux.type("abc")
        try tmux.waitFor("probe[0]> abc")
        try tmux.resize(columns: 40, rows: 30)
        let tail = String(repeating: "x", count: 50)
        try tmux.type(tail)
        try tmux.press("C-a")
        try tmux.type("Y")
        let rows = ["probe[0]> Yabc" + String(repeating: "x", count: 26), String(repeating: "x", count: 24)]
        try tmux.waitFor("the line wrapped at 40 columns, Y first") { $0.contains(rows.joined(separator: "\n")) }
        try tmux.press("Enter")
        try tmux.waitFor("got: [Yabc\(tail)]") { $0.replacingOccurrences(of: "\n", with: "").contains("got: [Yabc\(tail)]") }
    }

    @Test func ctrlDEndsInput() throws {
        let tmux = try Self.start()
        defer { tmux.stop() }
        try tmux.press("C-d")
        let screen = try tmux.waitFor("EXIT:0")
        #expect(screen.contains("bye"))
    }

    @Test func nonASCIIInputIsKept() throws {
        let tmux = try Self.start()
        defer { tmux.stop() }
        try tmux.type("echo héllo wörld é")
        try tmux.press("Enter")
        try tmux.waitFor("got: [echo héllo wörld é]")
        try tmux.type("hé")
        try tmux.press("Tab")
        try tmux.press("Enter")
        try tmux.waitFor("got: [héllo ]")
    }

    /// Piped input goes through the same reader: an invalid byte is dropped, as
    /// libedit's own reader drops it, and the characters around it are kept.
    @Test func pipedLinesAreReadAndAnInvalidByteIsDropped() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = folder.appendingPathComponent("history").path
        let output = try LabScript.runProgram("/bin/sh", ["-c", "printf 'one\\n\\377t\\303\\251\\n' | LC_ALL=C.UTF-8 '\(Self.probe)' '\(history)'"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("got: [one]\ngot: [té]\nbye"), "\(output.stdout)")
    }

    @Test func userEditrcIsHonoured() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "bind -s ^Y from-editrc\n".write(to: folder.appendingPathComponent(".editrc"), atomically: true, encoding: .utf8)
        let tmux = try Self.start(in: folder)
        defer { tmux.stop() }
        try tmux.press("C-y")
        try tmux.press("Enter")
        try tmux.waitFor("got: [from-editrc]")
    }
}
