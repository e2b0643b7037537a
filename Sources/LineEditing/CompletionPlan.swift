/// What Tab does, decided from the word before the cursor and the candidates for it —
/// the way bash and libedit's own completer behave:
/// - no candidate: beep;
/// - one candidate: complete it and add a space (not after a folder's `/`, so Tab can go on
///   into it);
/// - several sharing a longer prefix than the word: insert that common prefix;
/// - otherwise: beep on the first Tab, list the candidates on the second (Tab-Tab).
public enum CompletionPlan: Equatable, Sendable {
    case insert(String)
    case list([String])
    case beep

    /// - Parameters:
    ///   - word: the text before the cursor back to the previous blank.
    ///   - candidates: full words for it; ones that do not start with `word` are ignored.
    ///   - repeated: the previous key was a Tab that inserted nothing at this same spot.
    public static func decide(word: String, candidates: [String], repeated: Bool) -> CompletionPlan {
        var seen = Set<String>()
        let matches = candidates.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        guard let first = matches.first else { return .beep }
        if matches.count == 1 { return .insert(String(first.dropFirst(word.count)) + (first.hasSuffix("/") ? "" : " ")) }
        let common = matches.dropFirst().reduce(first) { commonPrefix($0, $1) }
        if common.count > word.count { return .insert(String(common.dropFirst(word.count))) }
        return repeated ? .list(matches.sorted()) : .beep
    }

    /// The word the cursor is at the end of: from the last blank before `cursor` (a
    /// count of characters) up to it.
    public static func word(in line: String, cursor: Int) -> String {
        let before = line.prefix(max(0, cursor))
        return String(before.reversed().prefix { $0 != " " && $0 != "\t" }.reversed())
    }

    /// How a listing shows a candidate: a path by its last part (`dir/a` as `a`, `dir/sub/`
    /// as `sub/`), as bash and libedit's file completion do, since every candidate listed
    /// starts with the word typed and so shares its folder. Anything else as it is (host,
    /// group, command and setting names hold no `/`).
    public static func shown(_ candidate: String) -> String {
        let body = candidate.hasSuffix("/") ? candidate.dropLast() : Substring(candidate)
        guard let slash = body.lastIndex(of: "/") else { return candidate }
        return String(candidate[candidate.index(after: slash)...])
    }

    static func commonPrefix(_ a: String, _ b: String) -> String {
        String(zip(a, b).prefix { $0 == $1 }.map(\.0))
    }

    /// Candidates laid out in rows no wider than `width` columns, two blanks apart, each
    /// as `shown` gives it.
    public static func layout(_ candidates: [String], width: Int = 80) -> [String] {
        var rows: [String] = [], row = ""
        for candidate in candidates.map(shown) {
            if !row.isEmpty && row.count + 2 + candidate.count > width {
                rows.append(row)
                row = ""
            }
            row += row.isEmpty ? candidate : "  " + candidate
        }
        if !row.isEmpty { rows.append(row) }
        return rows
    }
}
