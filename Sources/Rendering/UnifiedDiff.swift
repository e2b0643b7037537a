/// A unified diff of two texts by lines (`diff -u` style hunks with 3 lines of
/// context), for `:diff`. Longest-common-subsequence on at most `lineLimit` lines per
/// side, so the table stays bounded (2,000 × 2,000 cells); longer texts are cut and
/// say so.
public enum UnifiedDiff {
    public static let lineLimit = 2_000
    static let context = 3

    enum Edit: Equatable { case same(String), removed(String), added(String) }

    /// The hunks, without the `---`/`+++` header; empty when the texts are equal.
    public static func hunks(from old: String, to new: String) -> String {
        let a = lines(old), b = lines(new)
        let edits = diff(Array(a.prefix(lineLimit)), Array(b.prefix(lineLimit)))
        var text = render(edits)
        if a.count > lineLimit || b.count > lineLimit { text += "[… compared the first \(lineLimit) lines only]\n" }
        return text
    }

    static func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// Edit script from the LCS table, walked from the start.
    static func diff(_ a: [String], _ b: [String]) -> [Edit] {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var edits: [Edit] = [], i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                edits.append(.same(a[i])); i += 1; j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                edits.append(.removed(a[i])); i += 1  // removals first, as diff -u prints them
            } else {
                edits.append(.added(b[j])); j += 1
            }
        }
        return edits
    }

    /// Groups changes with their context into `@@ -l,n +l,n @@` hunks.
    static func render(_ edits: [Edit]) -> String {
        let changed = edits.indices.filter { if case .same = edits[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return "" }
        var ranges: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - context)...min(edits.count - 1, index + context)
            if let last = ranges.last, range.lowerBound <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                ranges.append(range)
            }
        }
        return ranges.map { hunk(edits, $0) }.joined()
    }

    private static func hunk(_ edits: [Edit], _ range: ClosedRange<Int>) -> String {
        var oldLine = 1, newLine = 1
        for edit in edits[..<range.lowerBound] {
            switch edit {
            case .same: oldLine += 1; newLine += 1
            case .removed: oldLine += 1
            case .added: newLine += 1
            }
        }
        var body = "", oldCount = 0, newCount = 0
        for edit in edits[range] {
            switch edit {
            case .same(let line): body += " \(line)\n"; oldCount += 1; newCount += 1
            case .removed(let line): body += "-\(line)\n"; oldCount += 1
            case .added(let line): body += "+\(line)\n"; newCount += 1
            }
        }
        return "@@ -\(span(oldLine, oldCount)) +\(span(newLine, newCount)) @@\n" + body
    }

    /// `start,count`, or just `start` for one line, as diff -u writes ranges.
    private static func span(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(count == 0 ? start - 1 : start),\(count)"
    }
}
