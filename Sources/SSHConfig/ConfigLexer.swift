/// Splitting one configuration line as readconf.c does, on bytes: the keyword with
/// `strdelim` (whitespace, one `=`, or a double-quoted word), the arguments with
/// `argv_split` (single or double quotes anywhere in a word, `\\` `\"` `\'` and `\ `
/// escapes, and a `#` that starts a word ends the line). The two differ, as in ssh:
/// `Match` re-reads its arguments with `strdelim`, and the command-like keywords
/// (`ProxyJump`, `ProxyCommand`) take the raw rest of the line.
enum ConfigLexer {
    static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0A]
    static let quote = UInt8(ascii: "\"")
    static let equals = UInt8(ascii: "=")
    static let hash = UInt8(ascii: "#")

    /// A line taken apart: the lowercased keyword, the raw rest, and its arguments.
    struct Line {
        let keyword: String
        let rest: [UInt8]
        let arguments: [String]
    }

    enum Problem: Error {
        case noArgument(keyword: String)
        case invalidQuotes
    }

    /// nil for a blank or comment line.
    static func split(_ bytes: [UInt8]) throws(Problem) -> Line? {
        var line = bytes
        while line.count > 1, let last = line.last, whitespace.contains(last) || last == 0x0C { line.removeLast() }
        var (keyword, rest) = strdelim(line)
        if keyword?.isEmpty == true { (keyword, rest) = strdelim(rest) }
        guard let keyword, let first = keyword.first, first != 0x0A, first != hash else { return nil }
        let name = String(decoding: keyword.map(lowercased), as: UTF8.self)
        let remaining = Array((rest ?? []).drop { whitespace.contains($0) })
        guard !remaining.isEmpty else { throw .noArgument(keyword: name) }
        guard let arguments = argvSplit(remaining) else { throw .invalidQuotes }
        return Line(keyword: name, rest: remaining, arguments: arguments)
    }

    /// ASCII lowercase, as C's `tolower` in the C locale.
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    /// The next word and what follows it (nil when nothing follows, ssh's NULL); a
    /// double-quoted word without its closing quote gives (nil, nil).
    static func strdelim(_ input: [UInt8]?) -> (word: [UInt8]?, rest: [UInt8]?) {
        guard var s = input else { return (nil, nil) }
        guard let stop = s.firstIndex(where: { whitespace.contains($0) || $0 == quote || $0 == equals }) else {
            return (s, nil)
        }
        if s[stop] == quote {
            s.remove(at: stop)
            guard let close = s[stop...].firstIndex(of: quote) else { return (nil, nil) }
            return (Array(s[..<close]), skipWhitespace(s, from: close + 1))
        }
        let sawEquals = s[stop] == equals
        var rest = skipWhitespace(s, from: stop + 1)
        if !sawEquals, rest.first == equals { rest = skipWhitespace(rest, from: 1) }
        return (Array(s[..<stop]), rest)
    }

    private static func skipWhitespace(_ s: [UInt8], from start: Int) -> [UInt8] {
        guard start < s.count else { return [] }
        return Array(s[start...].drop { whitespace.contains($0) })
    }

    /// readconf's `argv_split(…, terminate_on_comment = 1)`; nil for an unclosed quote.
    static func argvSplit(_ s: [UInt8]) -> [String]? {
        var words: [String] = []
        var i = 0
        while i < s.count {
            if s[i] == 0x20 || s[i] == 0x09 { i += 1; continue }
            if s[i] == hash { break }
            guard let (word, end) = argvWord(s, from: i) else { return nil }
            words.append(String(decoding: word, as: UTF8.self))
            i = end + 1
        }
        return words
    }

    /// One word from `start`: its bytes and the index of the blank that ended it (or the
    /// end); nil when the line ends inside quotes.
    private static func argvWord(_ s: [UInt8], from start: Int) -> ([UInt8], Int)? {
        var word: [UInt8] = []
        var quoteByte: UInt8 = 0
        var i = start
        while i < s.count {
            let c = s[i]
            if c == UInt8(ascii: "\\"), i + 1 < s.count, isEscapable(s[i + 1], quoted: quoteByte != 0) {
                i += 1
                word.append(s[i])
            } else if quoteByte == 0, c == 0x20 || c == 0x09 {
                return (word, i)
            } else if quoteByte == 0, c == quote || c == UInt8(ascii: "'") {
                quoteByte = c
            } else if quoteByte != 0, c == quoteByte {
                quoteByte = 0
            } else {
                word.append(c)
            }
            i += 1
        }
        return quoteByte == 0 ? (word, i) : nil
    }

    private static func isEscapable(_ next: UInt8, quoted: Bool) -> Bool {
        next == UInt8(ascii: "'") || next == quote || next == UInt8(ascii: "\\") || (!quoted && next == 0x20)
    }
}
