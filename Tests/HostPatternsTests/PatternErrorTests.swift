@testable import HostPatterns
import Testing

/// Bad patterns: each is a typed error that keeps the faulty part.
@Suite struct PatternErrorTests {
    @Test(arguments: [
        ("web[5-1]", PatternError.Kind.badRange(reason: "start 5 is after end 1"), "5-1"),
        ("web[1-]", .badRange(reason: "not a number"), "1-"),
        ("web[a-b]", .badRange(reason: "not a number"), "a-b"),
        ("web[]", .badRange(reason: "empty range"), ""),
        ("web[1-2", .missingBracket, "web[1-2"),
        ("web1-2]", .illegalClosingBracket, "web1-2]"),
        ("web[1-2]]", .illegalClosingBracket, "]"),
        ("web[1-2][3-4]", .illegalReopeningBracket, "[3-4]"),
        ("a,,b", .missingOperand(","), ",b"),
        ("a,", .missingOperand(","), "a,"),
        (",a", .missingOperand(","), ",a"),
        ("a!", .missingOperand("!"), "a!"),
        ("!a", .missingOperand("!"), "!a"),
        ("a&", .missingOperand("&"), "a&"),
        ("a^b^", .missingOperand("^"), "b^"),
        ("", .emptyPattern, ""),
        ("   ", .emptyPattern, "   "),
        ("web[1-4/2]0", .badRange(reason: "digits after a range with a step"), "0"),
        ("web[01-1]", .badRange(reason: "padding length mismatch (01 and 1 have different widths)"), "01-1"),
        ("web[1-2],x[", .missingBracket, "x["),
    ])
    func rejects(pattern: String, kind: PatternError.Kind, part: String) {
        #expect(throws: PatternError(kind, part: part)) { try HostSet(parsing: pattern) }
    }

    /// A combining mark next to syntax is read by code points, as ClusterShell reads it:
    /// `,` + U+0613 is an operator and a mark starting the next name, never one character
    /// that hides the operator (Swift's reading). These patterns were refused before; the
    /// differential test (`PatternCorpus.combiningMarks`) checks them against ClusterShell.
    @Test func combiningMarksNextToSyntaxAreReadByCodePoint() throws {
        let cases: [(pattern: String, names: [String])] = [
            ("a,\u{613}b", ["a", "\u{613}b"]),
            ("web[1-2]\u{301}", ["web1\u{301}", "web2\u{301}"]),
            ("web1\u{301}[1-2]", ["web1\u{301}1", "web1\u{301}2"]),
            ("x\u{600},a", ["a", "x\u{600}"]),
            ("n[1-3]!\u{301}n2", ["n1", "n2", "n3"]),
            ("n[1-3],\u{301}n2", ["n1", "n2", "n3", "\u{301}n2"]),
            ("n[1-3]!n2\u{301},n2", ["n1", "n2", "n3"]),
        ]
        for (pattern, names) in cases {
            let set = try HostSet(parsing: pattern)
            #expect(set.names.sorted() == names.sorted(), "\(pattern)")
            #expect(try HostSet(parsing: set.description) == set, "\(pattern) folds back to itself")
        }
        #expect(HostSet(names: ["web1\u{301}"]).description == "web1\u{301}")
        // Globs count code points too, as fnmatch does: `?` is one scalar, not one character.
        #expect(!Glob("caf?").matches("cafe\u{301}") && Glob("caf??").matches("cafe\u{301}"))
        #expect(!Glob("caf\u{E9}").matches("cafe\u{301}"), "canonically equal, but other code points")
        #expect(try HostSet(parsing: "web[1-2]\u{301}").description == "web[1-2]\u{301}")
    }

    @Test func lettersWithCombiningMarksAreNames() throws {
        let set = try HostSet(parsing: "cafe\u{301}[1-2],n\u{303}o")
        #expect(set.names == ["cafe\u{301}1", "cafe\u{301}2", "n\u{303}o"])
        #expect(try HostSet(parsing: set.description) == set)
        #expect(try HostSet(parsing: "web[1-2]\r\n").count == 2, "a CR LF at the end is space, as before")
    }

    /// Bounds at `Int.max` are counted, expanded and folded without overflowing: before,
    /// `x[0-9223372036854775807]` trapped (SIGILL) while counting, which in the shell ended
    /// the session, and a stepped pair at the top trapped while folding.
    @Test func boundsAtIntMaxNeverOverflow() throws {
        let max = "9223372036854775807"
        #expect(throws: PatternError(.tooManyHosts(count: Int.max, limit: 1_000_000), part: "0-\(max)")) {
            try HostSet(parsing: "x[0-\(max)]")
        }
        #expect(throws: PatternError(.tooManyHosts(count: 4_611_686_018_427_387_904, limit: 1_000_000), part: "1-\(max)/2")) {
            try HostSet(parsing: "x[1-\(max)/2]")
        }
        let cases: [(pattern: String, names: [String], folded: String)] = [
            ("x[0-\(max)/\(max)]", ["x0", "x\(max)"], "x[0,\(max)]"),
            ("x[9223372036854775805,\(max)]", ["x9223372036854775805", "x\(max)"], "x[9223372036854775805,\(max)]"),
            ("x[9223372036854775806-\(max)]", ["x9223372036854775806", "x\(max)"], "x[9223372036854775806-\(max)]"),
            ("x[\(max)-\(max)/\(max)]", ["x\(max)"], "x\(max)"),
            ("x[9223372036854775803-\(max)/2]", ["x9223372036854775803", "x9223372036854775805", "x\(max)"],
             "x[9223372036854775803,9223372036854775805,\(max)]"),
            ("x[\(max)]^x[9223372036854775806]", ["x9223372036854775806", "x\(max)"], "x[9223372036854775806-\(max)]"),
            // Negative bounds: a span of almost 2^64, stepped over at once, and folded
            // with gaps beyond Int.
            ("x[-\(max)-\(max)/\(max)]", ["x-\(max)", "x0", "x\(max)"], "x[-\(max),0,\(max)]"),
            ("x[-\(max)--9223372036854775806,\(max)]", ["x-\(max)", "x-9223372036854775806", "x\(max)"],
             "x[-\(max)--9223372036854775806,\(max)]"),
        ]
        for (pattern, names, folded) in cases {
            let set = try HostSet(parsing: pattern)
            #expect(set.names == names, "\(pattern)")
            #expect(set.description == folded, "\(pattern)")
            #expect(try HostSet(parsing: set.description) == set, "\(pattern) folds back to itself")
        }
        #expect(throws: PatternError(.badRange(reason: "number too large"), part: "9223372036854775808")) {
            try HostSet(parsing: "x[9223372036854775808]")
        }
        #expect(throws: PatternError(.tooManyHosts(count: Int.max, limit: 1_000_000), part: "-\(max)-\(max)")) {
            try HostSet(parsing: "x[-\(max)-\(max)]")
        }
        #expect(throws: PatternError(.badRange(reason: "number too large"), part: "-9223372036854775808")) {
            try HostSet(parsing: "x[-9223372036854775808]")
        }
    }

    /// Sizes are computed before anything is allocated, so even 10^24 names are refused
    /// without expanding them (a test that expanded first would run out of memory).
    @Test func refusesHugePatterns() {
        #expect(throws: PatternError(.tooManyHosts(count: 10_000_000, limit: 1_000_000), part: "r[1-1000]n[1-10000]")) {
            try HostSet(parsing: "r[1-1000]n[1-10000]")
        }
        #expect(throws: PatternError.self) { try HostSet(parsing: "web[1-1000000000]") }
        #expect(throws: PatternError.self) { try HostSet(parsing: "a[1-600000],b[1-600000]") }
        #expect(throws: PatternError.self) { try HostSet(parsing: "r[1-100000000]n[1-100000000]x[1-100000000]") }
    }

    @Test func acceptsUpToTheLimit() throws {
        #expect(try HostSet(parsing: "n[1-1000]", limit: 1000).count == 1000)
        #expect(throws: PatternError.self) { try HostSet(parsing: "n[1-1001]", limit: 1000) }
        #expect(throws: PatternError.self) { try HostSet(parsing: "r[1-10]n[1-101]", limit: 1000) }
        #expect(try HostSet(parsing: "a[1-600],a[1-600]", limit: 1000).count == 600)
    }

    @Test(arguments: [
        (PatternError(.badRange(reason: "start 5 is after end 1"), part: "5-1"), "bad range '5-1': start 5 is after end 1"),
        (PatternError(.unknownGroup(suggestion: "@db"), part: "@dbs"), "unknown group '@dbs' — did you mean '@db'?"),
        (PatternError(.unknownGroup(suggestion: nil), part: "@zzz"), "unknown group '@zzz'"),
        (PatternError(.missingBracket, part: "web[1"), "missing ']' in 'web[1'"),
        (PatternError(.noPreviousCommand, part: "@last:failed"), "'@last:failed': no previous command in this session"),
        (PatternError(.tooManyHosts(count: 10_000_000, limit: 1_000_000), part: "r[1-1000]n[1-10000]"),
         "'r[1-1000]n[1-10000]' names 10000000 hosts, more than the limit of 1000000"),
        (PatternError(.emptyPattern, part: ""), "empty host pattern"),
    ])
    func messagesQuoteTheInput(error: PatternError, message: String) {
        #expect(error.description == message)
    }
}
