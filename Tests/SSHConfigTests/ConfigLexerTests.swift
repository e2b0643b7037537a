@testable import SSHConfig
import Testing

/// Splitting lines as readconf.c does: `=` forms, quotes, comments.
@Suite struct ConfigLexerTests {
    static let lines: [(String, String?, [String])] = [
        ("Port 22", "port", ["22"]),
        ("Port=22", "port", ["22"]),
        ("Port = 22", "port", ["22"]),
        ("Port =22", "port", ["22"]),
        ("  PORT\t22  ", "port", ["22"]),
        ("Port 22 # a comment", "port", ["22"]),
        ("Port 22#not-a-comment", "port", ["22#not-a-comment"]),
        ("IdentityFile \"/a b/c\"", "identityfile", ["/a b/c"]),
        ("IdentityFile '/a b/c'", "identityfile", ["/a b/c"]),
        ("IdentityFile /a\\ b", "identityfile", ["/a b"]),
        ("IdentityFile a\"b c\"d", "identityfile", ["ab cd"]),
        ("IdentityFile \"#x\"", "identityfile", ["#x"]),
        ("Host a b  c", "host", ["a", "b", "c"]),
        ("\"Port\" 22", "port", ["22"]),
        ("Port==22", "port", ["=22"]),
        ("# comment", nil, []),
        ("   # indented comment", nil, []),
        ("#Port 22", nil, []),
        ("", nil, []),
        ("   \t ", nil, []),
    ]

    @Test(arguments: lines) func split(line: String, keyword: String?, arguments: [String]) throws {
        let split = try ConfigLexer.split(Array(line.utf8))
        #expect(split?.keyword == keyword)
        #expect((split?.arguments ?? []) == arguments)
    }

    @Test func aKeywordAloneIsAnError() {
        #expect(throws: ConfigLexer.Problem.self) { try ConfigLexer.split(Array("Port".utf8)) }
        #expect(throws: ConfigLexer.Problem.self) { try ConfigLexer.split(Array("Port  ".utf8)) }
    }

    @Test func anOpenQuoteIsAnError() {
        #expect(throws: ConfigLexer.Problem.self) { try ConfigLexer.split(Array("User \"bob".utf8)) }
    }
}
