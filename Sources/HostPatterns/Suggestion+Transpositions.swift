import Diagnostics

extension Suggestion {
    /// `closest(to:among:)`, and failing that a candidate one swap of two neighbouring
    /// characters away (`prot` → `port`, `@wbe` → `@web`): the commonest typo, which plain
    /// edit distance counts as two edits and so misses in short words.
    public static func closestAllowingSwaps(to word: String, among candidates: [String]) -> String? {
        closest(to: word, among: candidates) ?? candidates.first { isOneSwap(word, $0) }
    }

    static func isOneSwap(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        guard x.count == y.count, x != y else { return false }
        let differing = x.indices.filter { x[$0] != y[$0] }
        guard differing.count == 2, differing[1] == differing[0] + 1 else { return false }
        return x[differing[0]] == y[differing[1]] && x[differing[1]] == y[differing[0]]
    }
}
