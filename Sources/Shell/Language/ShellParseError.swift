import Diagnostics

/// A line that cannot be run. Keeps the faulty part of the line so the one-line message
/// can quote it; the REPL prints it and gives the prompt back, having run nothing.
public struct ShellParseError: InputError, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// A `'` or `"` (or `` ` ``, `$(`) that is never closed; `part` starts at it.
        case unterminatedQuote(String)
        /// The line ends in a lone `\` (continuation lines are not supported).
        case trailingBackslash
        /// `:` with no command name after it.
        case missingControlName
        /// `:name` that is no command; `suggestion` is the closest one (with its `:`).
        case unknownCommand(suggestion: String?)
        /// `:prefix` that starts several commands (each with its `:`, sorted).
        case ambiguousCommand(candidates: [String])
        /// A control command given the wrong words; `usage` is its usage line.
        case badArguments(usage: String)
        /// `:set NAME` with an unknown NAME.
        case unknownSetting(suggestion: String?)
        /// `:set NAME VALUE` with a VALUE outside the setting's range; `expected` says what fits.
        case badSettingValue(name: String, expected: String, suggestion: String?)
        /// `@` without a pattern, or `@PATTERN` without a command.
        case missingPattern, missingTargetCommand
        /// `!` without a command.
        case missingLocalCommand
        /// A legacy `batch_*` line with an option it does not know.
        case unknownLegacyOption(suggestion: String?)
        /// A legacy `batch_*` line that is incomplete or inconsistent; `reason` says how.
        case badLegacyCommand(reason: String)
    }

    public let kind: Kind
    /// The faulty part of the line, quoted in the message.
    public let part: String

    public init(_ kind: Kind, part: String) {
        self.kind = kind
        self.part = part
    }

    /// One line, quoting the bad part: `unknown command ':slect' — did you mean ':select'?`.
    public var description: String {
        switch kind {
        case .unterminatedQuote(let quote): "unterminated \(quote) in '\(part)'"
        case .trailingBackslash: "line ends in a lone '\\' in '\(part)' (continuation lines are not supported)"
        case .missingControlName: "missing command name after ':' (try :help)"
        case .unknownCommand(let suggestion): "unknown command '\(part)'" + Self.didYouMean(suggestion)
        case .ambiguousCommand(let candidates):
            "ambiguous command '\(part)': could be \(candidates.joined(separator: ", "))"
        case .badArguments(let usage): "bad arguments in '\(part)' (usage: \(usage))"
        case .unknownSetting(let suggestion): "unknown setting '\(part)'" + Self.didYouMean(suggestion)
        case .badSettingValue(let name, let expected, let suggestion):
            "bad value '\(part)' for \(name) (expected \(expected))" + Self.didYouMean(suggestion)
        case .missingPattern: "missing host pattern after '@' in '\(part)'"
        case .missingTargetCommand: "missing command after the pattern in '\(part)'"
        case .missingLocalCommand: "missing local command after '!'"
        case .unknownLegacyOption(let suggestion): "unknown option '\(part)'" + Self.didYouMean(suggestion)
        case .badLegacyCommand(let reason): "\(reason) in '\(part)'"
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " — did you mean '\($0)'?" } ?? ""
    }
}
