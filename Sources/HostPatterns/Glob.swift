/// Shell-style wildcards for host names: `*` (any run, including none) and `?` (one
/// code point), matched over the whole name and case-sensitively, as Python's `fnmatch`
/// does on POSIX. Code points, not Swift characters: `?` is one scalar, and `é` written
/// as `e` + U+0301 is not the precomposed `é`, as in ClusterShell. Brackets are ranges in host patterns, so they are never glob classes here.
struct Glob: Sendable {
    private let characters: [Unicode.Scalar]

    init(_ pattern: String) { characters = Array(pattern.unicodeScalars) }

    static func hasWildcards(_ text: String) -> Bool { text.contains("*") || text.contains("?") }

    /// The length of the names it matches, when it has no `*` (a fixed number of scalars).
    var fixedLength: Int? { characters.contains("*") ? nil : characters.count }

    /// Iterative matching with one backtrack point: linear for patterns with one star,
    /// never exponential.
    func matches(_ name: String) -> Bool { matches(Array(name.unicodeScalars)[...]) }

    func matches(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        let text = Array(text)
        var p = 0, t = 0
        var starP: Int?, starT = 0
        while t < text.count {
            if p < characters.count, characters[p] == "?" || characters[p] == text[t] {
                p += 1
                t += 1
            } else if p < characters.count, characters[p] == "*" {
                starP = p
                starT = t
                p += 1
            } else if let star = starP {
                p = star + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == "*" { p += 1 }
        return p == characters.count
    }
}
