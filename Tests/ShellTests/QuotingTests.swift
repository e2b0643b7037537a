import Foundation
import ShellQuote
import Testing
@testable import Shell

/// POSIX quoting: word splitting for Chorus's own words, and the quote check on commands
/// passed verbatim.
@Suite struct QuotingTests {
    static let splits: [(String, [String])] = [
        ("a b  c", ["a", "b", "c"]), ("  a\tb  ", ["a", "b"]), ("", []), ("   ", []),
        ("'a b'", ["a b"]), ("\"a b\"", ["a b"]), ("a' 'b", ["a b"]), ("a\"b\"c", ["abc"]),
        ("''", [""]), ("\"\"", [""]), ("a '' b", ["a", "", "b"]),
        ("'it'\\''s'", ["it's"]), ("\"it's\"", ["it's"]), ("'say \"hi\"'", ["say \"hi\""]),
        ("\"a \\\"b\\\" c\"", ["a \"b\" c"]), ("\"\\$HOME\"", ["$HOME"]), ("\"\\`x\\`\"", ["`x`"]),
        ("\"back\\\\slash\"", ["back\\slash"]), ("\"keep\\n\"", ["keep\\n"]), ("\"\\a\"", ["\\a"]),
        ("'\\n'", ["\\n"]), ("'\\'", ["\\"]), ("a\\ b", ["a b"]), ("\\'x", ["'x"]), ("\\\"", ["\""]),
        ("\\\\", ["\\"]), ("a\\\nb", ["ab"]), ("\"a\\\nb\"", ["ab"]),
        ("$HOME", ["$HOME"]), ("~/x *.c", ["~/x", "*.c"]), ("a # comment 'unclosed", ["a"]),
        ("a#b", ["a#b"]), ("'#'", ["#"]), ("# all comment", []), ("\"nested 'single' in double\"", ["nested 'single' in double"]),
        ("'nested \"double\" in single'", ["nested \"double\" in single"]), ("é 'ü ö'", ["é", "ü ö"]),
        ("\"multi\nline\"", ["multi\nline"]), ("a\nb", ["a", "b"]),
    ]

    @Test(arguments: splits)
    func splitsWords(text: String, words: [String]) throws {
        #expect(try ShellWords.split(text) == words)
    }

    static let splitErrors: [(String, ShellParseError)] = [
        ("'abc", ShellParseError(.unterminatedQuote("single quote"), part: "'abc")),
        ("x 'a\"b", ShellParseError(.unterminatedQuote("single quote"), part: "'a\"b")),
        ("\"abc", ShellParseError(.unterminatedQuote("double quote"), part: "\"abc")),
        ("\"a\\\"", ShellParseError(.unterminatedQuote("double quote"), part: "\"a\\\"")),
        ("a \"it's", ShellParseError(.unterminatedQuote("double quote"), part: "\"it's")),
        ("'it\\'s'", ShellParseError(.unterminatedQuote("single quote"), part: "'")),
        ("abc\\", ShellParseError(.trailingBackslash, part: "abc\\")),
    ]

    @Test(arguments: splitErrors)
    func refusesUnterminated(text: String, error: ShellParseError) {
        #expect(throws: error) { try ShellWords.split(text) }
    }

    /// Control-command arguments are split the same way.
    @Test func controlArgumentsUseShellWords() throws {
        #expect(try ShellParser.parse(":put \"a \\\"b\\\"\" 'c d' /tmp") ==
            .control(.put(sources: ["a \"b\"", "c d"], destination: "/tmp", recursive: false)))
        #expect(throws: ShellParseError(.unterminatedQuote("single quote"), part: "'c d /tmp")) {
            try ShellParser.parse(":put a 'c d /tmp")
        }
    }

    static let verbatimOK: [String] = [
        "echo 'a b'", "echo \"a b\"", "echo \"it's\"", "echo 'say \"hi\"'", "echo it\\'s", "echo \\\"",
        "echo \"$(echo \"inner\")\"", "echo \"$(echo 'it'\\''s')\"", "echo $(echo $(echo deep))",
        "echo `echo \\`nested\\``", "echo \"`echo \"x\"`\"", "echo $'a\\'b'", "echo $((1 + 2))",
        "echo $( (cd /tmp && pwd) )", "ls # don't worry", "echo a#'b'", "echo \"a # b\"",
        "awk '{print $1}' /etc/passwd", "find . -name '*.c' -exec grep -l \"main\" {} \\;",
        "printf '%s\\n' \"$HOME\"", "echo \"\"", "echo ''", "for i in 1 2; do echo \"$i\"; done",
        "echo 'é' \"ü\"", "a\\\nb",
    ]

    @Test(arguments: verbatimOK)
    func acceptsClosedQuotesVerbatim(command: String) throws {
        try QuoteChecker.check(command)
        #expect(try ShellParser.parse(command) == .broadcast(command: command))
    }

    static let verbatimBad: [(String, String, String)] = [
        ("echo 'oops", "single quote", "'oops"), ("echo \"oops", "double quote", "\"oops"),
        ("echo \"it's", "double quote", "\"it's"), ("echo 'say \"hi\"", "single quote", "'say \"hi\""),
        ("echo \"a\\\"", "double quote", "\"a\\\""), ("echo `date", "backquote", "`date"),
        ("echo $(date", "command substitution '$('", "$(date"), ("echo \"$(date\"", "double quote", "\"$(date\""),
        ("echo \"$(echo \"x)\"", "double quote", "\"$(echo \"x)\""), ("echo $'a\\'", "$' quote", "$'a\\'"),
        ("echo 'a' 'b", "single quote", "'b"), ("echo \"`date\"", "double quote", "\"`date\""),
        ("echo $(echo 'x)", "command substitution '$('", "$(echo 'x)"),
    ]

    @Test(arguments: verbatimBad)
    func refusesUnterminatedVerbatim(command: String, quote: String, part: String) {
        let error = ShellParseError(.unterminatedQuote(quote), part: part)
        #expect(throws: error) { try QuoteChecker.check(command) }
        #expect(throws: error) { try ShellParser.parse(command) }
    }

    @Test func unterminatedMessageIsOneLineQuotingThePart() {
        let error = #expect(throws: ShellParseError.self) { try ShellParser.parse("echo \"df -h") }
        #expect(error?.description == "unterminated double quote in '\"df -h'")
        #expect(error?.description.contains("\n") == false)
    }

    @Test func trailingBackslashIsRefused() {
        #expect(throws: ShellParseError(.trailingBackslash, part: "echo a\\")) { try ShellParser.parse("echo a\\") }
    }

    @Test(arguments: ["plain", "a-b_c.d/e:f=g@h%i+j,k", "x1"])
    func plainWordsStayBare(word: String) {
        #expect(ShellQuoting.quote(word) == word)
    }

    static let quoted: [(String, String)] = [
        ("", "''"), ("a b", "'a b'"), ("it's", "'it'\\''s'"), ("$HOME", "'$HOME'"), ("a\nb", "'a\nb'"),
        ("~", "'~'"), ("*", "'*'"), ("-n", "-n"), ("é", "'é'"),
    ]

    @Test(arguments: quoted)
    func quotesSpecialWords(text: String, expected: String) {
        #expect(ShellQuoting.quote(text) == expected)
    }

    /// A quote followed by a combining mark is one Character but two code points: the
    /// quote byte must still be escaped (it was not when quoting compared Characters).
    static let combining: [(String, String)] = [
        ("x'\u{301}", "'x'\\''\u{301}'"),
        ("'\u{301}; touch PWNED; echo '\u{301}", "''\\''\u{301}; touch PWNED; echo '\\''\u{301}'"),
        ("\u{301}'", "'\u{301}'\\'''"), ("a\u{301}", "'a\u{301}'"), ("-\u{301}", "'-\u{301}'"),
    ]

    @Test(arguments: combining)
    func escapesEveryQuoteByteEvenWithACombiningMark(text: String, expected: String) {
        #expect(ShellQuoting.quote(text) == expected)
    }

    /// Random byte strings (invalid UTF-8 included: file names need not be UTF-8)
    /// quoted, written into a script and read back by the local `sh`.
    @Test func randomByteStringsComeBackFromShByteForByte() throws {
        let pieces: [[UInt8]] = [
            [0x27], [0x27, 0xCC, 0x81], [0xCC, 0x81], [0xFF], [0xC3], [0x80], [0xFE, 0x27], Array("$(id)".utf8), [0x60],
            [0x0A], [0x0D], [0x09], [0x20], Array("-n".utf8), [0x5C], [0x22], Array("$HOME".utf8), [0x2A], [0x7E],
            [0x23], [0x3B], Array("é".utf8), [0x01], [0x1B], [0x7F], Array("%s".utf8), [0x61],
        ]
        var state: UInt64 = 14
        func next(_ bound: Int) -> Int {  // a tiny LCG: the same words on every run
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let words: [[UInt8]] = (0..<200).map { _ in (0..<next(10)).flatMap { _ in pieces[next(pieces.count)] } }
        var script: [UInt8] = []
        for word in words { script += Array("printf '%s\\000' ".utf8) + ShellQuoting.quote(bytes: word) + [0x0A] }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-quote-\(UUID().uuidString).sh")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(script).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Array(output).split(separator: 0, omittingEmptySubsequences: false).dropLast().map(Array.init) == words)
    }
}
