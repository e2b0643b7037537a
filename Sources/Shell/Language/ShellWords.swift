/// POSIX-shell word splitting for the words Chorus itself reads (control-command
/// arguments, the legacy `batch_*` forms, `cd`/`export` recognition).
///
/// Rules, as in `sh`: blanks separate words; `'…'` is literal; inside `"…"` a backslash
/// escapes only `$`, `` ` ``, `"`, `\` and newline (elsewhere it stays); outside quotes a
/// backslash escapes any character; `#` at the start of a word begins a comment. Nothing
/// is expanded (`$HOME` stays as typed). Quoted empty strings (`''`) are words.
enum ShellWords {
    static func split(_ text: String) throws(ShellParseError) -> [String] {
        var splitter = Splitter(Array(text))
        return try splitter.run()
    }

    /// The words, noting what a real shell would treat specially and this splitter does
    /// not: `expands` for an unquoted or double-quoted `$` or `` ` ``, or an unquoted
    /// `*`, `?`, `[` or leading `~`; `hasOperators` for an unquoted `;`, `&`, `|`, `<`,
    /// `>`, `(` or `)` (a compound command, not a simple one).
    static func splitNotingSpecials(_ text: String) throws(ShellParseError) -> (words: [String], expands: Bool, hasOperators: Bool) {
        var splitter = Splitter(Array(text))
        let words = try splitter.run()
        return (words, splitter.sawExpansion, splitter.sawOperator)
    }

    private struct Splitter {
        let chars: [Character]
        var index = 0
        var words: [String] = []
        var current = ""
        var inWord = false
        var sawExpansion = false
        var sawOperator = false

        init(_ chars: [Character]) { self.chars = chars }

        mutating func run() throws(ShellParseError) -> [String] {
            while index < chars.count {
                let char = chars[index]
                if char == " " || char == "\t" || char == "\n" {
                    endWord()
                    index += 1
                } else if char == "#" && !inWord {
                    break
                } else {
                    inWord = true
                    try readWordPart(char)
                }
            }
            endWord()
            return words
        }

        private mutating func endWord() {
            if inWord { words.append(current) }
            current = ""
            inWord = false
        }

        private mutating func readWordPart(_ char: Character) throws(ShellParseError) {
            switch char {
            case "'": try readSingleQuoted()
            case "\"": try readDoubleQuoted()
            case "\\": try readEscaped()
            default:
                if "$`*?[".contains(char) || (char == "~" && current.isEmpty) { sawExpansion = true }
                if ";&|<>()".contains(char) { sawOperator = true }
                current.append(char)
                index += 1
            }
        }

        private mutating func readSingleQuoted() throws(ShellParseError) {
            let open = index
            guard let close = chars[(open + 1)...].firstIndex(of: "'") else {
                throw ShellParseError(.unterminatedQuote("single quote"), part: String(chars[open...]))
            }
            current.append(contentsOf: chars[(open + 1)..<close])
            index = close + 1
        }

        private mutating func readDoubleQuoted() throws(ShellParseError) {
            let open = index
            index += 1
            while index < chars.count {
                let char = chars[index]
                if char == "\"" { index += 1; return }
                if char == "\\", index + 1 < chars.count, "$`\"\\\n".contains(chars[index + 1]) {
                    if chars[index + 1] != "\n" { current.append(chars[index + 1]) }
                    index += 2
                    continue
                }
                if char == "$" || char == "`" { sawExpansion = true }
                current.append(char)
                index += 1
            }
            throw ShellParseError(.unterminatedQuote("double quote"), part: String(chars[open...]))
        }

        private mutating func readEscaped() throws(ShellParseError) {
            guard index + 1 < chars.count else {
                throw ShellParseError(.trailingBackslash, part: String(chars))
            }
            // Backslash-newline is a line continuation: both vanish.
            if chars[index + 1] != "\n" { current.append(chars[index + 1]) }
            index += 2
        }
    }
}
