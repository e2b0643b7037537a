import Digests
import Foundation
import HostPatterns
import Testing

/// Every literal pattern of ClusterShell's own tests/NodeSetTest.py, with what
/// ClusterShell 1.9.1's `nodeset` makes of it, stored as facts in
/// Resources/NodeSetTestCorpus.json (written by share/clustershell/nodeset-test-corpus):
/// Chorus folds each to the same text, expands it to the same names in the same order,
/// and refuses exactly the patterns ClusterShell refuses. No Python needed to run it.
@Suite struct NodeSetTestCorpusTests {
    struct Corpus: Decodable {
        let source: String
        let oracle: String
        let cases: [Case]
    }

    /// One pattern: `rejected` (ClusterShell's message), or the folded text, the count
    /// and the names (or, for long expansions, the first and last names and the SHA-256
    /// of all names, each followed by a newline).
    struct Case: Decodable {
        let pattern: String
        let rejected: String?
        let folded: String?
        let count: Int?
        let names: [String]?
        let first: [String]?
        let last: [String]?
        let sha256: String?
    }

    static func corpus() throws -> Corpus {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Resources/NodeSetTestCorpus.json")
        return try JSONDecoder().decode(Corpus.self, from: Data(contentsOf: url))
    }

    @Test func everyPatternReadsAsClusterShellReadsIt() throws {
        let corpus = try Self.corpus()
        let mismatches = corpus.cases.compactMap(Self.mismatch)
        let report = mismatches.prefix(25).joined(separator: "\n")
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(corpus.cases.count) differ:\n\(report)")
    }

    /// Guards against a regenerated corpus that lost what it is for.
    @Test func theCorpusHoldsNegativeRangesAndRejections() throws {
        let cases = try Self.corpus().cases
        #expect(cases.count > 400)
        #expect(cases.filter { $0.rejected != nil }.count > 50)
        let negative = cases.filter { $0.pattern.range(of: #"[\[,]-"#, options: .regularExpression) != nil }
        #expect(negative.count >= 9)
        #expect(cases.contains { $0.pattern == "n[-5-5]" && $0.count == 11 })
        #expect(cases.contains { $0.pattern == "n[-001]" && $0.rejected != nil })
    }

    /// What differs between Chorus and the stored answer, or nil.
    static func mismatch(_ expected: Case) -> String? {
        let set: HostSet
        do {
            set = try HostSet(parsing: expected.pattern)
        } catch {
            return expected.rejected == nil ? "\(expected.pattern): Chorus refuses it (\(error))" : nil
        }
        if let rejected = expected.rejected { return "\(expected.pattern): Chorus gives '\(set)', ClusterShell: \(rejected)" }
        if set.description != expected.folded { return "\(expected.pattern): folded '\(set)', ClusterShell '\(expected.folded ?? "")'" }
        let names = set.names
        if names.count != expected.count { return "\(expected.pattern): \(names.count) names, ClusterShell \(expected.count ?? -1)" }
        if let listed = expected.names {
            return names == listed ? nil : "\(expected.pattern): names \(names.prefix(12)), ClusterShell \(listed.prefix(12))"
        }
        return sameLongExpansion(names, expected) ? nil : "\(expected.pattern): names differ from ClusterShell's"
    }

    private static func sameLongExpansion(_ names: [String], _ expected: Case) -> Bool {
        let lines = names.joined(separator: "\n") + "\n"
        return Array(names.prefix(3)) == expected.first && Array(names.suffix(3)) == expected.last
            && SHA256.hex(SHA256.hash(Array(lines.utf8))) == expected.sha256
    }
}
