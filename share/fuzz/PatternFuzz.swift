// libFuzzer target `patterns`: the host pattern parser with groups, globs and
// `@last:…`, then folding.
import HostPatterns

/// The groups of the pattern tests (Tests/HostPatternsTests/PatternCorpus.swift), so
/// seeds that name them reach the group and glob paths.
private let parser: PatternParser = {
    let members = [
        "web": "web[01-12]", "db": "db[1-4],db10", "edge": "edge-a1,edge-b1", "rack1": "r1n[01-04]",
        "rack2": "r2n[01-04]", "mixed": "n[8-12],n[008-012],x[1-3]y[1-2]", "ips": "10.0.[0-1].[1-3]",
        "solo": "localhost",
    ]
    do {
        var groups: [String: HostSet] = [:]
        for (name, pattern) in members { groups[name] = try HostSet(parsing: pattern) }
        let all = groups.values.reduce(HostSet()) { $0.union($1) }
        return PatternParser(groups: StaticGroups(groups, allHosts: all), lastResults: LastRun(hosts: all), limit: limit)
    } catch {
        fatalError("the fixed groups must parse: \(error)")
    }
}()

/// `@last:ok` is every known host; the other outcomes are empty.
private struct LastRun: LastResultResolver {
    let hosts: HostSet
    func hosts(withOutcome outcome: LastOutcome) throws(PatternError) -> HostSet {
        outcome == .ok || outcome == .all ? hosts : HostSet()
    }
}

/// The most names a pattern may name here: a hundredth of the real limit (a million), so
/// that sets near the limit, which take long to build and fold, do not slow every run
/// to a crawl (100,000 gave 121 inputs/s, this 320). The limit's own checks are the
/// same code at any value.
private let limit = 10_000

/// Largest set whose names the target lists and re-folds (listing is linear in names).
private let expandLimit = 5_000

/// Any text parses or throws a `PatternError`; nothing traps. A parsed set within the
/// parser's limit lists as many names as it counts, and its folded text (when it names
/// any host) parses back to the same set (to the same names only, when an index is
/// negative: see `HostSet.hasNegativeIndexes`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPatterns(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let set: HostSet
    do {
        set = try parser.parse(text)
    } catch {
        _ = error.description
        return 0
    }
    let count = set.count
    guard count <= parser.limit else { fatalError("\(text.debugDescription) named \(count) hosts, over the limit") }
    guard count > 0, count <= expandLimit else { return 0 }
    let names = set.names
    let negative = set.hasNegativeIndexes
    guard names.count == count, negative || Set(names).count == count else {
        fatalError("\(text.debugDescription): count \(count), \(names.count) names listed")
    }
    let folded = set.description
    do {
        let again = try HostSet(parsing: folded)
        guard negative ? Set(again.names) == Set(names) : again == set else {
            fatalError("\(text.debugDescription) folds to \(folded.debugDescription), which is another set")
        }
    } catch {
        fatalError("\(text.debugDescription) folds to \(folded.debugDescription), which does not parse: \(error)")
    }
    return 0
}
