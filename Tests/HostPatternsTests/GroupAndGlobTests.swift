@testable import HostPatterns
import LabSupport
import Testing

/// `@group`, `@*`, globs and `@last:…` through a resolver.
@Suite struct GroupAndGlobTests {
    static let parser: PatternParser = {
        // Literal patterns below are valid; a failure here is a bug in the test table.
        func set(_ text: String) -> HostSet { (try? HostSet(parsing: text)) ?? HostSet() }
        return PatternParser(groups: StaticGroups([
            "web": set("web[01-04]"), "db": set("db[1-3]"), "web_clusters": set("web[01-02]"),
            "rack1": set("r1n[1-2]"), "rack2": set("r2n[1-2]"), "empty": HostSet(),
        ]))
    }()

    @Test(arguments: [
        ("@web", "web[01-04]"), ("@db,@web", "db[1-3],web[01-04]"), ("@web!web02", "web[01,03-04]"),
        ("@web&@web_clusters", "web[01-02]"), ("@web^@web_clusters", "web[03-04]"), ("@rack[1-2]", "r[1-2]n[1-2]"),
        ("@*", "db[1-3],r[1-2]n[1-2],web[01-04]"), ("@*!@web", "db[1-3],r[1-2]n[1-2]"), ("@empty", ""),
        ("web*", "web[01-04]"), ("web0?", "web[01-04]"), ("*1", "db1,r[1-2]n1,web01"), ("r?n2", "r[1-2]n2"),
        ("nomatch*", ""), ("web*!web01", "web[02-04]"), ("@db,web9", "db[1-3],web9"), ("*[1-2]", "db[1-2],r[1-2]n[1-2],web[01-02]"),
        ("web0*&@web_clusters", "web[01-02]"), ("?b?", "db[1-3]"), ("@web,adhoc@host:22", "adhoc@host:22,web[01-04]"),
    ])
    func resolves(pattern: String, folded: String) throws {
        #expect(try Self.parser.parse(pattern).description == folded)
    }

    @Test(arguments: [
        ("@dbs", PatternError(.unknownGroup(suggestion: "@db"), part: "@dbs")),
        ("@web_cluster", PatternError(.unknownGroup(suggestion: "@web_clusters"), part: "@web_cluster")),
        ("@zzzzzz", PatternError(.unknownGroup(suggestion: nil), part: "@zzzzzz")),
        ("@", PatternError(.unknownGroup(suggestion: nil), part: "@")),
        ("@rack[1-3]", PatternError(.unknownGroup(suggestion: "@rack1"), part: "@rack3")),
        ("@last:failed", PatternError(.noPreviousCommand, part: "@last:failed")),
        ("@last:ok", PatternError(.noPreviousCommand, part: "@last:ok")),
        ("web01,@last:all", PatternError(.noPreviousCommand, part: "@last:all")),
        ("@last:faild", PatternError(.unknownLastOutcome(suggestion: "@last:failed"), part: "@last:faild")),
        ("@foo:bar", PatternError(.unknownGroupSource, part: "@foo:bar")),
    ])
    func rejects(pattern: String, error: PatternError) {
        #expect(throws: error) { try Self.parser.parse(pattern) }
    }

    struct Remembered: LastResultResolver {
        func hosts(withOutcome outcome: LastOutcome) throws(PatternError) -> HostSet {
            HostSet(names: outcome == .ok ? ["web01", "web02"] : ["db1"])
        }
    }

    @Test func lastResultsComeFromTheResolver() throws {
        var parser = Self.parser
        parser.lastResults = Remembered()
        #expect(try parser.parse("@last:ok").description == "web[01-02]")
        #expect(try parser.parse("@last:failed,@web!web04").description == "db1,web[01-03]")
    }

    @Test(arguments: [
        ("web*", "web01", true), ("web*", "web", true), ("web*", "db1", false), ("w?b", "web", true),
        ("w?b", "wb", false), ("*", "", true), ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false),
        ("*.example.com", "h.example.com", true), ("?", "ab", false), ("**", "x", true), ("web", "web", true),
    ])
    func globs(pattern: String, name: String, matches: Bool) {
        #expect(Glob(pattern).matches(name) == matches)
    }

    /// Globs with ranges are matched against the known hosts without expanding their
    /// masks; they must find exactly what matching every expanded mask finds (padding
    /// included), on seeded random names and globs.
    @Test func globsWithRangesFindWhatTheirExpandedMasksFind() throws {
        var random = SeededRandom(seed: 0x61_0B5)
        let pool = (0..<200).map { _ in Self.name(&random) }
        let parser = PatternParser(groups: StaticGroups([:], allHosts: HostSet(names: pool)))
        var found = 0, compared = 0
        for _ in 0..<250 {
            let pattern = Self.glob(&random)
            // A few generated texts are not patterns (digits next to brackets get amended).
            guard let operands = try? PatternScanner.scan(pattern, limit: 100_000) else { continue }
            compared += 1
            var expected = HostSet()
            for operand in operands {
                let masks = HostSet(pattern: operand.pattern, indexes: operand.indexes).names.map(Glob.init)
                expected.formUnion(HostSet(names: pool.filter { name in masks.contains { $0.matches(name) } }))
            }
            let result = try parser.parse(pattern)
            #expect(result == expected, "\(pattern): \(result), expanded masks: \(expected)")
            found += result.count
        }
        #expect(compared > 200 && found > 250, "\(compared) globs compared; they must match hosts, not only miss")
    }

    @Test func globsWithNegativeRangesMatchTheSign() throws {
        let pool = ["n-2a", "n-1a", "n0a", "n1a", "n3a", "n-0a", "n-01a", "n--1a", "m-1a"]
        let parser = PatternParser(groups: StaticGroups([:], allHosts: HostSet(names: pool)))
        // What the expanded masks (n-2*, n-1*, n0*, n1*; *-1a; n0* … n3*) find.
        #expect(Set(try parser.parse("n[-2-1]*").names) == ["n-2a", "n-1a", "n0a", "n1a"])
        #expect(Set(try parser.parse("*[-1]a").names) == ["m-1a", "n-1a", "n--1a"])
        #expect(Set(try parser.parse("n[0-3]*").names) == ["n0a", "n1a", "n3a"])
    }

    /// Found by fuzzing: a glob operand of 669,222 masks of about 200 characters took
    /// minutes when each mask was expanded and matched against every host.
    @Test(.timeLimit(.minutes(1))) func aGlobOfManyLongMasksIsNotExpanded() throws {
        let operand = "r[2-3]n[3-53]-r2n[1-3]c4db04n4c4(r@c4(r@db0n2c24c3-r4n[1-3]c4db0n2c24c3(r@db0n2c24c3-r4n[1-3]c4"
            + "db0n2c24c3-r4n[1-3]c4-r4nn2c24c3(r@db0n2c24c3-r4n[1-3]c4db0n2c24c3@*4n[1-3]c4-r4n[1-3]c4c[3-5]"
        #expect(try PatternScanner.scan(operand, limit: 1_000_000).map { RangeSetND.size(of: $0.indexes) } == [669_222])
        #expect(try Self.parser.parse("r[3-5],r3n-1c2^" + operand).description == "r[3-5],r3n-1c2")
        #expect(try Self.parser.parse("r[1-2]n[1-99999]*").description == "r[1-2]n[1-2]")
    }

    private static func name(_ random: inout SeededRandom) -> String {
        let prefixes = ["web", "db", "r", "n", "x", "web0", "a1b"]
        var text = prefixes[random.next(below: prefixes.count)]
        for _ in 0...random.next(below: 2) {
            let value = random.next(below: 30)
            text += random.next(below: 3) == 0 ? (value < 10 ? "0\(value)" : "\(value)") : "\(value)"
            if random.next(below: 3) == 0 { text += ["n", "-", ".", "y"][random.next(below: 4)] }
        }
        return text
    }

    private static func glob(_ random: inout SeededRandom) -> String {
        let pieces = ["web", "db", "r", "n", "*", "?", "*n", "0", "x", "-", "y", ""]
        var text = ""
        for slot in 0..<(1 + random.next(below: 3)) {
            let piece = pieces[random.next(below: pieces.count)]
            text += piece.isEmpty && text.hasSuffix("]") ? "n" : piece  // `][` is not a pattern
            if slot == 0 || random.next(below: 2) == 0 {
                let start = random.next(below: 12)
                let width = random.next(below: 4) == 0 ? 2 : 0
                func padded(_ value: Int) -> String {
                    String(repeating: "0", count: max(0, width - String(value).count)) + String(value)
                }
                text += "[\(padded(start))-\(padded(start + random.next(below: 8)))]"
            }
        }
        text += ["*", "?", "", "*", "?*"][random.next(below: 5)]
        return text.contains("*") || text.contains("?") ? text : text + "*"
    }
}
