@testable import HostPatterns
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
}
