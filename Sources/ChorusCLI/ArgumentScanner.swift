import Broadcasting

/// Splits a command line into options (known from a table) and positional words.
///
/// Accepts `--name value`, `--name=value`, `-x value` and `-xVALUE` (single-letter
/// options only), and `--` to end options. Unknown options are usage errors: a typo
/// must never turn into a remote command.
struct ArgumentScanner {
    let specs: [OptionSpec]

    struct Result: Equatable {
        var options: [ParsedOption] = []
        var positionals: [String] = []
        /// Words after the point where scanning stopped (see `stopAtFirstPositional`).
        var rest: [String] = []
        /// True when `--` was seen: every word after it is positional, whatever it looks like.
        var sawTerminator = false
    }

    /// - Parameter stopAtFirstPositional: one-shot mode; the first word that is not an
    ///   option starts the remote command, and it and everything after land in `rest`.
    func scan(_ words: [String], stopAtFirstPositional: Bool = false) throws(UsageError) -> Result {
        var result = Result()
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "--" {
                result.sawTerminator = true
                result.rest = Array(words[(index + 1)...])
                return result
            }
            if !Self.looksLikeOption(word) {
                if stopAtFirstPositional {
                    result.rest = Array(words[index...])
                    return result
                }
                result.positionals.append(word)
                index += 1
                continue
            }
            let (option, consumed) = try parseOption(at: index, in: words)
            result.options.append(option)
            index += consumed
        }
        return result
    }

    /// `-` alone (stdin, by convention) and negative numbers are words, not options.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.count > 1, word.hasPrefix("-") else { return false }
        return !(word.dropFirst().first?.isNumber ?? false)
    }

    private func parseOption(at index: Int, in words: [String]) throws(UsageError) -> (ParsedOption, Int) {
        let word = words[index]
        if let spec = spec(named: word) {
            guard spec.takesValue else { return (ParsedOption(key: spec.key, spelling: word, value: nil), 1) }
            guard index + 1 < words.count else { throw UsageError("option \(word) needs a value (\(spec.valueName))") }
            return (ParsedOption(key: spec.key, spelling: word, value: words[index + 1]), 2)
        }
        if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
            let name = String(word[..<equals])
            if let spec = spec(named: name) {
                guard spec.takesValue else { throw UsageError("option \(name) takes no value") }
                return (ParsedOption(key: spec.key, spelling: name, value: String(word[word.index(after: equals)...])), 1)
            }
        }
        if !word.hasPrefix("--"), word.count > 2 {
            let name = String(word.prefix(2))
            if let spec = spec(named: name), spec.takesValue {
                return (ParsedOption(key: spec.key, spelling: name, value: String(word.dropFirst(2))), 1)
            }
        }
        throw UsageError(unknownOption: word, known: specs.flatMap(\.names))
    }

    private func spec(named name: String) -> OptionSpec? {
        specs.first { $0.names.contains(name) }
    }
}
