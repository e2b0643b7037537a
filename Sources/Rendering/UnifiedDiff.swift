/// A unified diff of two texts by lines (`diff -u` style hunks with 3 lines of
/// context), for `:diff`. The edit script is the standard library's
/// `CollectionDifference` (Myers), so texts of any length are compared whole.
public enum UnifiedDiff {
    static let context = 3

    enum Edit: Equatable { case same(String), removed(String), added(String) }

    /// The hunks, without the `---`/`+++` header; empty when the texts are equal. When
    /// the texts hold the same lines in too different an order for a shortest diff in
    /// reasonable time, a note says the differing part is shown whole.
    public static func hunks(from old: String, to new: String) -> String {
        let (edits, whole) = diff(lines(old), lines(new))
        let note = whole ? "(too many lines moved for a line-by-line diff: the part that differs is shown whole)\n" : ""
        return note + render(edits)
    }

    static func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// The edit script: within each changed stretch, removals before additions, as
    /// diff -u prints them.
    static func diff(_ a: [String], _ b: [String]) -> (edits: [Edit], whole: Bool) {
        let (removed, added, whole) = LineChanges.marks(a, b)
        var edits: [Edit] = [], i = 0, j = 0
        edits.reserveCapacity(max(a.count, b.count))
        while i < a.count || j < b.count {
            if i < a.count, removed[i] {
                edits.append(.removed(a[i])); i += 1
            } else if j < b.count, added[j] {
                edits.append(.added(b[j])); j += 1
            } else {
                edits.append(.same(a[i])); i += 1; j += 1
            }
        }
        return (edits, whole)
    }

    /// Groups changes with their context into `@@ -l,n +l,n @@` hunks.
    static func render(_ edits: [Edit]) -> String {
        var ranges: [ClosedRange<Int>] = []
        for index in edits.indices where !edits[index].isSame {
            let range = max(0, index - context)...min(edits.count - 1, index + context)
            if let last = ranges.last, range.lowerBound <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                ranges.append(range)
            }
        }
        var position = LinePosition()
        return ranges.map { range in
            position.advance(over: edits, to: range.lowerBound)
            return hunk(edits[range], from: position)
        }.joined()
    }

    private static func hunk(_ edits: ArraySlice<Edit>, from start: LinePosition) -> String {
        var body = "", oldCount = 0, newCount = 0
        for edit in edits {
            switch edit {
            case .same(let line): body += " \(line)\n"; oldCount += 1; newCount += 1
            case .removed(let line): body += "-\(line)\n"; oldCount += 1
            case .added(let line): body += "+\(line)\n"; newCount += 1
            }
        }
        return "@@ -\(span(start.old, oldCount)) +\(span(start.new, newCount)) @@\n" + body
    }

    /// `start,count`, or just `start` for one line, as diff -u writes ranges.
    private static func span(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(count == 0 ? start - 1 : start),\(count)"
    }
}

extension UnifiedDiff.Edit {
    var isSame: Bool { if case .same = self { true } else { false } }
}

/// The 1-based old and new line numbers at an edit, moved forward hunk by hunk so
/// numbering costs one pass over the script however many hunks there are.
struct LinePosition {
    var old = 1, new = 1
    private var index = 0

    mutating func advance(over edits: [UnifiedDiff.Edit], to target: Int) {
        while index < target {
            switch edits[index] {
            case .same: old += 1; new += 1
            case .removed: old += 1
            case .added: new += 1
            }
            index += 1
        }
    }
}
