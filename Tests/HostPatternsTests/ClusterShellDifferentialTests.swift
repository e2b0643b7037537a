import HostPatterns
import Testing

/// Chorus's patterns against ClusterShell's NodeSet on the same input: same folded
/// text, same names in the same order, and an error exactly where ClusterShell errors.
@Suite struct ClusterShellDifferentialTests {
    @Test func matchesClusterShellOnTheCorpus() throws {
        let patterns = PatternCorpus.handWritten + PatternCorpus.combiningMarks
            + PatternCorpus.generated(count: 1500, seed: 20_240_601)
            + PatternCorpus.generatedGrids(count: 800, seed: 7) + PatternCorpus.generatedNegative(count: 600, seed: 515)
        let answers = try ClusterShellOracle.answers(
            for: .init(groups: PatternCorpus.groups, all: PatternCorpus.all, patterns: patterns))
        let parser = try Self.parser()
        var mismatches: [String] = []
        for (pattern, expected) in zip(patterns, answers) {
            if let problem = Self.compare(pattern, expected, parser) { mismatches.append(problem) }
        }
        // Guard against a broken oracle: the corpus must exercise both outcomes.
        let succeeded = answers.filter(\.ok).count
        #expect(succeeded > patterns.count / 2 && patterns.count - succeeded > 100)
        let report = mismatches.prefix(25).joined(separator: "\n")
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(patterns.count) differ:\n\(report)")
    }

    static func parser() throws -> PatternParser {
        var groups: [String: HostSet] = [:]
        for (name, members) in PatternCorpus.groups { groups[name] = try HostSet(parsing: members) }
        return PatternParser(groups: StaticGroups(groups, allHosts: try HostSet(parsing: PatternCorpus.all)))
    }

    private static func compare(_ pattern: String, _ expected: ClusterShellOracle.Answer, _ parser: PatternParser) -> String? {
        do {
            let set = try parser.parse(pattern)
            guard expected.ok else { return "\(pattern): Chorus gave '\(set)', ClusterShell: \(expected.error ?? "?")" }
            if set.description != expected.folded { return "\(pattern): folded '\(set)', ClusterShell '\(expected.folded ?? "")'" }
            if set.names != expected.names ?? [] {
                return "\(pattern): names \(set.names.prefix(12)), ClusterShell \((expected.names ?? []).prefix(12))"
            }
            return nil
        } catch {
            return expected.ok ? "\(pattern): Chorus error '\(error)', ClusterShell '\(expected.folded ?? "")'" : nil
        }
    }
}
