import Broadcasting
import Diagnostics

/// Splits a command line into options (known from a table) and positional words.
///
/// Accepts `--name value`, `--name=value`, `-x value` and `-xVALUE` (single-letter
/// options only), bundles of one-letter options (`-bw web`, `-rp`, `-bwweb`, read as
/// getopt and clush read them), and `--` to end options. Unknown options are usage
/// errors: a typo must never turn into a remote command.
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
            let (options, consumed) = try parseOption(at: index, in: words)
            result.options += options
            index += consumed
        }
        return result
    }

    /// `-` alone (stdin, by convention) and negative numbers are words, not options.
    static func looksLikeOption(_ word: String) -> Bool {
        guard word.count > 1, word.hasPrefix("-") else { return false }
        return !(word.dropFirst().first?.isNumber ?? false)
    }

    /// The option(s) the word at `index` holds, and how many words they used.
    private func parseOption(at index: Int, in words: [String]) throws(UsageError) -> ([ParsedOption], Int) {
        let word = words[index]
        if let spec = spec(named: word) {
            guard spec.takesValue else { return ([ParsedOption(key: spec.key, spelling: word, value: nil)], 1) }
            guard index + 1 < words.count else { throw UsageError("option \(word) needs a value (\(spec.valueName))") }
            return ([ParsedOption(key: spec.key, spelling: word, value: words[index + 1])], 2)
        }
        if word.hasPrefix("--"), let equals = word.firstIndex(of: "=") {
            let name = String(word[..<equals])
            if let spec = spec(named: name) {
                guard spec.takesValue else { throw UsageError("option \(name) takes no value") }
                return ([ParsedOption(key: spec.key, spelling: name, value: String(word[word.index(after: equals)...]))], 1)
            }
        }
        if !word.hasPrefix("--"), word.count > 2, spec(named: String(word.prefix(2))) != nil {
            return try bundle(at: index, in: words)
        }
        throw unknown(word)
    }

    /// One-letter options in one word, as getopt reads them: each letter is an option
    /// without a value until one that takes a value, which takes the rest of the word
    /// (`-bwweb`, `-wb` is `-w b`) or, when nothing is left, the next word (`-bw web`).
    /// Only words whose first letter is a one-letter option get here, so the legacy
    /// single-dash words (`-cmd`) are matched whole first and a typo of one
    /// (`-acton`) is reported with a suggestion.
    private func bundle(at index: Int, in words: [String]) throws(UsageError) -> ([ParsedOption], Int) {
        let word = words[index]
        var options: [ParsedOption] = []
        var letters = word.dropFirst()
        while let letter = letters.popFirst() {
            guard let spec = spec(named: "-\(letter)") else {
                // A word meant as a whole (a legacy `-remote` mistyped) gets a suggestion; the letters do not.
                let words = specs.flatMap(\.names).filter { $0.count > 2 }
                throw UsageError("unknown option '-\(letter)' in '\(word)'" + Suggestion.didYouMean(word, among: words))
            }
            guard spec.takesValue else {
                options.append(ParsedOption(key: spec.key, spelling: "-\(letter)", value: nil))
                continue
            }
            if !letters.isEmpty { return (options + [ParsedOption(key: spec.key, spelling: "-\(letter)", value: String(letters))], 1) }
            guard index + 1 < words.count else { throw UsageError("option -\(letter) (in '\(word)') needs a value (\(spec.valueName))") }
            return (options + [ParsedOption(key: spec.key, spelling: "-\(letter)", value: words[index + 1])], 2)
        }
        return (options, 1)
    }

    private func unknown(_ word: String) -> UsageError {
        UsageError(unknownOption: word, known: specs.flatMap(\.names))
    }

    private func spec(named name: String) -> OptionSpec? {
        specs.first { $0.names.contains(name) }
    }
}
