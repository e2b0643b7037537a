import CEditShim
#if canImport(Glibc)
import Glibc
#endif

extension LineEditor {
    /// Adds `line` to the history (a line equal to the previous entry is dropped) and,
    /// with a history file, saves the whole history atomically: written to a temporary
    /// file in the same folder, fsynced, then renamed over the old one, so a hangup or a
    /// kill mid-save leaves the previous file intact. Callers decide what is recorded
    /// (Shell's `HistoryPolicy` keeps secrets out).
    public func record(_ line: String) throws(LineEditorError) {
        guard !line.isEmpty else { return }
        _ = cedit_history_enter(history, line)
        try saveHistory()
    }

    /// The number of entries held now.
    public var historyCount: Int { Int(cedit_history_size(history)) }

    func saveHistory() throws(LineEditorError) {
        guard let historyFile else { return }
        let temporary = Self.temporaryPath(for: historyFile)
        guard cedit_history_save_atomic(history, historyFile, temporary) == 0 else {
            throw .cannotSaveHistory(path: historyFile, errno: errno)
        }
    }

    /// `DIR/.NAME.tmp-PID`: same folder (rename is atomic only within a file system),
    /// hidden, and unique per process so two shells saving at once do not collide.
    static func temporaryPath(for path: String) -> String {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(folder).\(name).tmp-\(getpid())"
    }

    /// A missing or unreadable file is an empty history: the first save creates it.
    func loadHistory() {
        guard let historyFile, access(historyFile, R_OK) == 0 else { return }
        _ = cedit_history_load(history, historyFile)
    }
}
