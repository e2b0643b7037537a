import Foundation
import LabSupport
import Testing

/// What the shell shows on a terminal tells the truth: the prompt is the selection as
/// resolved and folded, and `:source` shows each line before its output.
@Suite struct ShellOnTerminalTests {
    @Test func thePromptShowsTheFoldedSelectionNotTheEdits() throws {
        let lab = try Lab.shared().manifest
        let shell = try InteractiveShellTests.start(lab)
        defer { shell.stop() }
        try shell.type(":select web[01-02]")
        try shell.press("Enter")
        try shell.type(":add db01,web03")
        try shell.press("Enter")
        try shell.waitFor("chorus [db01,web[01-03] · 4]>")
        try shell.type(":remove @db")
        try shell.press("Enter")
        try shell.waitFor("chorus [web[01-03] · 3]>")
        try shell.type(":remove @web")
        try shell.press("Enter")
        // Removing everything is refused, and the prompt keeps the truth.
        // The refusal is written before the prompt is drawn again: wait for a prompt after it.
        let refusal = "selects no hosts; the selection is unchanged"
        let screen = try shell.waitFor("a prompt after the refusal") { screen in
            guard let line = screen.range(of: refusal) else { return false }
            return screen[line.upperBound...].contains("chorus [")
        }
        let after = screen[screen.range(of: refusal)!.upperBound...]
        #expect(after.split(separator: "\n").first { $0.hasPrefix("chorus [") }?.hasPrefix("chorus [web[01-03] · 3]>") == true, "\(screen)")
        // Every other host of a group folds into a long list: web[01,03,05,07,…].
        let many = lab.hosts(inGroup: "web").map(\.name).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        try #require(many.count >= 8, "the shared lab has at least 16 web hosts")
        try shell.type(":select \(many.joined(separator: ","))")
        try shell.press("Enter")
        let long = try shell.waitFor("… · \(many.count)]>")
        let prompt = try #require(long.split(separator: "\n").last { $0.hasPrefix("chorus [") })
        #expect(prompt.count <= "chorus [".count + 40 + " · \(many.count)]>".count, "\(prompt)")
    }

    @Test func sourceShowsEachLineBeforeItsOutput() throws {
        let lab = try Lab.shared().manifest
        let script = NSTemporaryDirectory() + "chorus-source-\(UUID().uuidString).chorus"
        try ":select web01\necho one\nfalse\necho three\n".write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let shell = try InteractiveShellTests.start(lab)
        defer { shell.stop() }
        try shell.type(":source \(script)")
        try shell.press("Enter")
        // errexit is off at the prompt: the script runs on past `false`.
        let screen = try shell.waitFor("web01 | three")
        let order = ["\(script):2> echo one", "web01 | one", "\(script):3> false", "\(script):4> echo three", "web01 | three"]
        let positions = order.map { screen.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(screen)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(screen)")
    }

    @Test func keysTypedWhileHostsRunAreNotEchoedButKeptForThePrompt() throws {
        let lab = try Lab.shared().manifest
        let shell = try InteractiveShellTests.start(lab)
        defer { shell.stop() }
        try InteractiveShellTests.select("web01", hosts: 1, in: shell)
        try shell.type("sleep 3.125; echo slept")
        try shell.press("Enter")
        usleep(700_000)  // the command is running (it takes 3 s)
        try shell.type("typedahead")
        usleep(300_000)
        let during = try shell.screen()
        #expect(!during.contains("web01 | slept"), "the check must happen while the command runs: \(during)")
        #expect(!during.contains("typedahead"), "\(during)")
        try shell.waitFor("web01 | slept")
        try shell.waitFor("]> typedahead")
    }
}
