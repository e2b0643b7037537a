import Diagnostics
import Rendering

/// The one place an error becomes words and an exit status, for the one-shot modes
/// and the shell alike (in the manner of swift-argument-parser's `MessageInfo`): bad
/// input (`InputError`) is its own line and exit 2; anything else is chorus failing,
/// exit 1; ^C at a password prompt, exit 130. Either way it is printed by `Console.error`, as `chorus: …`.
package struct ErrorReport: Equatable {
    package let message: String
    package let status: ExitStatus

    package init(_ error: any Error) {
        if let interrupted = error as? TypedPasswords.Interrupted {
            (message, status) = (interrupted.description, .interrupted)
        } else if let input = error as? any InputError {
            (message, status) = (input.description, .usage)
        } else {
            (message, status) = (String(describing: error), .failure)
        }
    }
}
