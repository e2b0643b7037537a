import HostPatterns
import LabSupport
import Testing

/// A bounded, fixed-seed fuzz of the pattern parser (share/fuzz/run `patterns` runs the
/// same checks coverage-guided, for as long as asked): the ClusterShell corpus mutated
/// and parsed with the corpus's groups. Nothing traps; a parsed set lists as many
/// names as it counts, and its folded text parses back to the same names. (Only the
/// same names: as in ClusterShell, `n[-5]` folds to `n-5`, which parses back as index
/// 5 of `n-%s`, and `n[-5],n-5` lists `n-5` twice.)
@Suite struct PatternFuzzTests {
    static let inputs = 4000
    static let tokens = ["[", "]", "-", "/", ",", "!", "&", "^", "*", "?", "@", "@*", "@last:ok", "@web", "@rack[1-2]",
                         "[01-12]", "[1-3,7]", "[1-9/2]", "[::1]:22", "user@", ":2222", "0", "9"]

    @Test func mutatedPatternsParseOrThrowAndFoldBack() throws {
        let parser = try ClusterShellDifferentialTests.parser()
        var mutator = SeededMutator(
            seeds: PatternCorpus.handWritten + PatternCorpus.combiningMarks + PatternCorpus.numericEdges
                + PatternCorpus.generated(count: 300, seed: 9),
            tokens: Self.tokens, seed: 0xBA77_E24)
        var parsed = 0, failed = 0
        for _ in 0..<Self.inputs {
            let text = String(decoding: mutator.next(maxLength: 256), as: UTF8.self)
            guard let set = try? parser.parse(text) else {
                failed += 1
                continue
            }
            parsed += 1
            let count = set.count
            #expect(count <= parser.limit)
            guard count > 0, count <= 20_000 else { continue }
            let names = set.names
            #expect(names.count == count, "\(text.debugDescription)")
            let again = try? HostSet(parsing: set.description)
            #expect(again.map { Set($0.names) } == Set(names), "\(text.debugDescription) folds to \(set.description.debugDescription)")
            if !set.hasNegativeIndexes { #expect(again == set && Set(names).count == count, "\(text.debugDescription)") }
        }
        #expect(parsed > Self.inputs / 10 && failed > Self.inputs / 10, "the mutations reach both sides: \(parsed) parsed, \(failed) failed")
    }
}
