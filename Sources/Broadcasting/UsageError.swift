import Diagnostics

/// Bad command-line input. Reported as one line; the command exits 2 having run nothing.
package struct UsageError: InputError, Equatable {
    package let message: String

    package init(_ message: String) { self.message = message }

    package init(unknownOption option: String, known: [String]) {
        self.message = "unknown option '\(option)'" + Suggestion.didYouMean(option, among: known)
    }

    package var description: String { message }
}
