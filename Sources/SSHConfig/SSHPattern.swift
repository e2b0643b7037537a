/// OpenSSH's wildcard matching (match.c), on bytes: `*` any run, `?` one byte, nothing
/// else special. `Host` lines use one pattern per word, case-sensitive, against the
/// name as typed; `Match host` uses comma lists with `!`, lowercased on both sides.
enum SSHPattern {
    /// `match_pattern`.
    static func matches(_ text: String, _ pattern: String) -> Bool {
        matches(Array(text.utf8)[...], Array(pattern.utf8)[...])
    }

    private static func matches(_ s: ArraySlice<UInt8>, _ p: ArraySlice<UInt8>) -> Bool {
        var s = s, p = p
        while let head = p.first {
            if head == UInt8(ascii: "*") {
                p = p.drop { $0 == UInt8(ascii: "*") }
                if p.isEmpty { return true }
                var rest = s
                while true {  // one try per start position: ends when `rest` is empty
                    if matches(rest, p) { return true }
                    guard !rest.isEmpty else { return false }
                    rest = rest.dropFirst()
                }
            }
            guard let c = s.first, head == UInt8(ascii: "?") || head == c else { return false }
            s = s.dropFirst()
            p = p.dropFirst()
        }
        return s.isEmpty
    }

    /// The result of a comma list: a `!pattern` matched, a pattern matched, or neither.
    enum ListResult { case negated, matched, none }

    /// `match_pattern_list`: `!` negates one sub-pattern, and a negated match wins.
    /// With `lowercasePatterns`, the patterns are lowercased (ASCII) first.
    static func matchList(_ text: String, _ list: String, lowercasePatterns: Bool) -> ListResult {
        var positive = false
        var parts = list.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }  // ssh stops at the end, after a last comma
        for raw in parts {
            var sub = Array(raw)
            let negated = sub.first == UInt8(ascii: "!")
            if negated { sub.removeFirst() }
            if sub.count >= 1023 { return .none }  // ssh's 1024-byte buffer: too long never matches
            if lowercasePatterns { sub = sub.map(ConfigLexer.lowercased) }
            if matches(Array(text.utf8)[...], sub[...]) {
                if negated { return .negated }
                positive = true
            }
        }
        return positive ? .matched : .none
    }

    /// `match_hostname`: the host lowercased, the patterns too.
    static func matchHostname(_ host: String, _ list: String) -> Bool {
        let lower = String(decoding: host.utf8.map(ConfigLexer.lowercased), as: UTF8.self)
        return matchList(lower, list, lowercasePatterns: true) == .matched
    }
}
