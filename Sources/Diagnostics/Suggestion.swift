// Diagnostics: wording shared by every module that reports bad input.

/// "Did you mean …?" suggestions by edit distance, as swift-argument-parser and git do.
public enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a plausible typo:
    /// at most a third of the word's length in edits (and at least one edit allowed).
    /// Ties go to the earlier candidate, so callers control preference by order.
    public static func closest(to word: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(1, word.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// ` — did you mean 'X'?` or the empty string; ready to append to a message.
    public static func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String {
        guard let match = closest(to: word, among: candidates) else { return "" }
        return " — did you mean '\(match)'?"
    }

    /// Edit distance counting insertions, deletions, substitutions and swaps of two
    /// neighbours (optimal string alignment), so `hlep` is one typo away from `help`.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var rows = [Array(0...b.count), [Int](repeating: 0, count: b.count + 1), [Int](repeating: 0, count: b.count + 1)]
        for i in 1...a.count {
            let (older, previous) = (rows[(i + 1) % 3], rows[(i + 2) % 3])
            var current = rows[i % 3]
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], older[j - 2] + 1)
                }
            }
            rows[i % 3] = current
        }
        return rows[a.count % 3][b.count]
    }
}
