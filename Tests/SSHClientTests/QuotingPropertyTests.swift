import LabSupport
import SSHClient
import ShellQuote
import Testing

/// The one quoter, checked where it matters: words quoted here and read by a real
/// host's login shell (through sshd) come back byte for byte.
@Suite struct QuotingPropertyTests {
    /// Pieces that have broken quoters: a quote merged with a combining mark into one
    /// Character, substitutions, newlines, leading dashes, backslashes, globs.
    static let pieces = [
        "'", "'\u{301}", "\u{301}", "\u{301}'", "''", "$(", ")", "$(touch PWNED)", "`", "`id`", "\n", "\r", "\t", " ",
        "-", "--", "-n", "-e", "\\", "\\'", "\"", "$", "$HOME", "${x}", "*", "?", "[a]", "~", "#", ";", "&", "|", "!",
        "<", ">", "é", "日本", "\u{200D}", "\u{FE0F}", "%s", "%", "a", "Z", "0", "=", "/", ".", "..",
    ]

    static func randomWords(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            let length = random.next(below: 12)
            var word = (0..<length).map { _ in pieces[random.next(below: pieces.count)] }.joined()
            if random.next(below: 4) == 0 { word = "-" + word }  // leading dashes, often
            return word
        }
    }

    /// 200 words in 4 exec calls: each line runs `sh -c 'printf %s "$1"' _ WORD` and a
    /// NUL after it (no word holds a NUL: a command line cannot).
    @Test func twoHundredRandomWordsComeBackByteForByteFromALabHost() async throws {
        let lab = try Lab.shared().manifest
        let target = lab.target(try #require(lab.hosts(inGroup: "web").first))
        let words = Self.randomWords(count: 200, seed: 14)
        let batches = stride(from: 0, to: words.count, by: 50).map { Array(words[$0..<min($0 + 50, words.count)]) }
        let commands = batches.map { batch in
            batch.map { "sh -c 'printf %s \"$1\"' _ \(ShellQuoting.quote($0)); printf '\\000'" }.joined(separator: "\n")
        }
        let results = try await onOwnThread { try runCommands(target, commands) }
        #expect(results.count == batches.count)
        for (batch, result) in zip(batches, results) {
            #expect(result.outcome == .exited(0), "\(result.stderrText)")
            let echoed = result.stdout.split(separator: 0, omittingEmptySubsequences: false).dropLast().map(Array.init)
            #expect(echoed == batch.map { Array($0.utf8) }, "\(result.stderrText)")
        }
    }
}
