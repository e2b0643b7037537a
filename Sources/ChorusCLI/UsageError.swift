import Diagnostics

/// Bad command-line input. Reported as one line; the command exits 2 having run nothing.
struct UsageError: Error, Equatable, CustomStringConvertible {
    let message: String

    init(_ message: String) { self.message = message }

    init(unknownOption option: String, known: [String]) {
        self.message = "unknown option '\(option)'" + Suggestion.didYouMean(option, among: known)
    }

    var description: String { message }
}
