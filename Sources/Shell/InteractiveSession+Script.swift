import Broadcasting
import Foundation

extension InteractiveSession {
    /// Runs lines as a script (`chorus FILE`, `:source FILE`, lines on standard input):
    /// the same language as at the prompt. With `errexit` on (the default for scripts)
    /// it stops at the first line that fails, naming the script and the line. Returns
    /// whether every line worked. It reads until the input ends, however long: a
    /// script is as long as its file, and piped input as long as its writer goes on.
    func runScript(named name: String, _ next: () -> String?) -> Bool {
        var number = 0
        while let line = next() {
            number += 1
            let result = handle(line)
            if result.step == .quit { return result.ok }
            if !result.ok && settings.errexit {
                console.error("\(name):\(number): stopped, this line failed (:set errexit off to go on)")
                return false
            }
        }
        return true
    }

    /// `:source FILE`.
    func source(_ path: String) throws -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UsageError("cannot read script '\(path)'")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        return runScript(named: path) { lines.popFirst() }
    }
}
