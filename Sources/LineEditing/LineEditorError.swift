#if canImport(Glibc)
import Glibc
#endif
import Posix

/// What can go wrong setting up or saving, as one line each.
public enum LineEditorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `el_init` or `history_init` returned NULL.
    case cannotStart
    /// The history file could not be written; `errno` is the reason.
    case cannotSaveHistory(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotStart: "cannot start the line editor"
        case .cannotSaveHistory(let path, let code):
            "cannot save history to '\(path)': \(errnoText(code))"
        }
    }
}
