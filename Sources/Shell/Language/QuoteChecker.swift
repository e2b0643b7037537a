/// Checks that a command passed verbatim to a shell (remote or local) closes every quote,
/// so a typo yields one error line instead of a remote shell waiting for more input or
/// failing differently on each host. It reads the line as `sh` would — `'…'`, `"…"`,
/// `$'…'`, `` `…` ``, `$(…)` nested inside each other, backslash escapes, `#` comments —
/// but changes nothing: the remote shell does the quoting.
enum QuoteChecker {
    static func check(_ text: String) throws(ShellParseError) {
        var scanner = Scanner(chars: Array(text))
        try scanner.scanPlain(closingParen: false)
    }

    private struct Scanner {
        let chars: [Character]
        var index = 0

        /// Top level, or inside `$(…)` when `closingParen` (returns after its `)`).
        /// An error inside a construct is reported as the outermost construct left open,
        /// which shows the operator the whole unfinished part.
        mutating func scanPlain(closingParen: Bool) throws(ShellParseError) {
            let open = index - 2
            var depth = 0
            do {
                while index < chars.count {
                    let char = chars[index]
                    if closingParen && char == ")" && depth == 0 { index += 1; return }
                    if char == "(" { depth += 1 } else if char == ")" { depth = max(0, depth - 1) }
                    if char == "#" && atWordStart { skipComment(); continue }
                    try scanQuotingConstruct(char)
                }
            } catch {
                throw closingParen ? unterminated("command substitution '$('", from: open) : error
            }
            if closingParen { throw unterminated("command substitution '$('", from: open) }
        }

        private var atWordStart: Bool {
            index == 0 || " \t\n;&|(".contains(chars[index - 1])
        }

        private mutating func skipComment() {
            while index < chars.count && chars[index] != "\n" { index += 1 }
        }

        /// One character of plain or double-quoted text, or the whole construct it opens.
        private mutating func scanQuotingConstruct(_ char: Character) throws(ShellParseError) {
            switch char {
            case "\\": try skipEscape()
            case "'": try skipUntil("'", escapes: false, name: "single quote")
            case "\"": try scanDoubleQuoted()
            case "`": try skipUntil("`", escapes: true, name: "backquote")
            case "$" where next == "(":
                index += 2
                try scanPlain(closingParen: true)
            case "$" where next == "'":
                index += 1
                try skipUntil("'", escapes: true, name: "$' quote", openedAt: index - 1)
            default: index += 1
            }
        }

        private var next: Character? { index + 1 < chars.count ? chars[index + 1] : nil }

        private mutating func skipEscape() throws(ShellParseError) {
            guard index + 1 < chars.count else { throw ShellParseError(.trailingBackslash, part: String(chars)) }
            index += 2
        }

        /// From an opening quote at `index` to its closing `quote`.
        private mutating func skipUntil(
            _ quote: Character, escapes: Bool, name: String, openedAt: Int? = nil
        ) throws(ShellParseError) {
            let open = openedAt ?? index
            index += 1
            while index < chars.count {
                if escapes && chars[index] == "\\" { index += 2; continue }
                if chars[index] == quote { index += 1; return }
                index += 1
            }
            throw unterminated(name, from: open)
        }

        private mutating func scanDoubleQuoted() throws(ShellParseError) {
            let open = index
            index += 1
            while index < chars.count {
                let char = chars[index]
                if char == "\"" { index += 1; return }
                do {
                    switch char {
                    case "\\": index += 2
                    case "`": try skipUntil("`", escapes: true, name: "backquote")
                    case "$" where next == "(":
                        index += 2
                        try scanPlain(closingParen: true)
                    default: index += 1
                    }
                } catch {
                    throw unterminated("double quote", from: open)
                }
            }
            throw unterminated("double quote", from: open)
        }

        private func unterminated(_ name: String, from open: Int) -> ShellParseError {
            ShellParseError(.unterminatedQuote(name), part: String(chars[max(0, open)...]))
        }
    }
}
