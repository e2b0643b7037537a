@testable import SSHConfig
import Testing

/// match.c's wildcards: `*`, `?`, case-sensitive single patterns; comma lists with `!`.
@Suite struct SSHPatternTests {
    static let single: [(String, String, Bool)] = [
        ("web1", "web1", true), ("web1", "web*", true), ("web1", "*", true), ("", "*", true), ("web1", "w?b1", true),
        ("web1", "web?", true), ("web12", "web?", false), ("web1", "Web1", false), ("web1", "*1", true),
        ("web1", "*b*", true), ("web1", "**1", true), ("web1", "web1*", true), ("web1", "web", false),
        ("a.b.c", "*.c", true), ("a.b.c", "*.b", false), ("x", "?", true), ("", "?", false), ("aaa", "*a*a*a", true),
        ("aa", "*a*a*a", false), ("web1", "[w]eb1", false),
    ]

    @Test(arguments: single) func singlePattern(text: String, pattern: String, expected: Bool) {
        #expect(SSHPattern.matches(text, pattern) == expected)
    }

    static let lists: [(String, String, SSHPattern.ListResult)] = [
        ("web1", "db*,web*", .matched), ("web1", "db*", .none), ("web1", "web*,!web1", .negated),
        ("web1", "!web2,web*", .matched), ("web1", "!web1", .negated), ("web1", "", .none), ("web1", "web1,", .matched),
    ]

    @Test(arguments: lists) func patternList(text: String, list: String, expected: SSHPattern.ListResult) {
        #expect(SSHPattern.matchList(text, list, lowercasePatterns: false) == expected)
    }

    @Test func hostnamesFoldCaseOnBothSides() {
        #expect(SSHPattern.matchHostname("WEB1.Example.COM", "*.example.com"))
        #expect(SSHPattern.matchHostname("web1", "WEB*"))
        #expect(!SSHPattern.matchHostname("web1", "web*,!WEB1"))
    }
}
