import CEditShim
#if canImport(Glibc)
import Glibc
#endif

/// A line editor over libedit: a dynamic prompt, emacs bindings (the user's `~/.editrc`
/// or `$EDITRC` applied on top), persistent de-duplicated history, and Tab completion
/// from a Swift provider. Use it from one thread; it owns the terminal while
/// `readLine` runs.
///
/// C callbacks cannot capture Swift context, so libedit's `EL_CLIENTDATA` carries an
/// unretained pointer to the editor; the editor outlives its `EditLine` (it calls
/// `el_end` in `deinit`), so the pointer is valid whenever libedit calls back.
public final class LineEditor {
    /// What `readLine` returns.
    public enum Input: Equatable, Sendable {
        /// An accepted line, without its newline.
        case line(String)
        /// Ctrl-C: the partial line was discarded; prompt again.
        case interrupted
        /// Ctrl-D on an empty line, end of piped input, or the terminal went away.
        case endOfInput
        /// SIGTERM or SIGHUP (the number) arrived while reading: the program should end.
        case terminated(Int32)
    }

    /// Candidates for the word at the cursor: `(line, cursor)` with `cursor` counted in
    /// characters; return full words (the editor keeps those that start with the word).
    public typealias CompletionProvider = (_ line: String, _ cursor: Int) -> [String]

    let editLine: OpaquePointer
    let history: OpaquePointer
    let historyFile: String?
    let prompt: () -> String
    let completion: CompletionProvider
    var promptBuffer: UnsafeMutablePointer<CChar>?
    /// Where the last Tab beeped (line and cursor), so a second Tab there lists.
    var lastBeep: (line: String, cursor: Int)?

    /// - Parameters:
    ///   - programName: the name `~/.editrc` lines may be prefixed with (`chorus:bind …`).
    ///   - historyFile: loaded now, saved after each `record`; nil keeps history in memory.
    ///   - historySize: most entries kept (oldest dropped).
    public init(
        programName: String = "chorus", historyFile: String?, historySize: Int = 1000,
        prompt: @escaping () -> String, completion: @escaping CompletionProvider = { _, _ in [] }
    ) throws(LineEditorError) {
        Self.setUpLocale()
        guard let editLine = cedit_init(programName) else { throw .cannotStart }
        guard let history = history_init() else {
            el_end(editLine)
            throw .cannotStart
        }
        self.editLine = editLine
        self.history = history
        self.historyFile = historyFile
        self.prompt = prompt
        self.completion = completion
        configure(historySize: historySize)
    }

    deinit {
        el_end(editLine)  // restores the terminal
        history_end(history)
        free(promptBuffer)
    }

    /// libedit drops non-ASCII input under the C locale, so take the user's LC_CTYPE and,
    /// when that is plain C/POSIX (no LANG set, as in many containers), use C.UTF-8.
    static func setUpLocale() {
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) }
        if chosen == nil || chosen == "C" || chosen == "POSIX" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    private func configure(historySize: Int) {
        _ = cedit_history_set_size(history, Int32(clamping: historySize))
        _ = cedit_history_set_unique(history, 1)
        _ = cedit_set_history(editLine, history)
        _ = cedit_set_editor(editLine, "emacs")
        // EL_SIGNAL stays off: libedit's own handlers re-raise SIGINT to the process
        // group. readLine installs handlers for Ctrl-C and window-size changes, and
        // Chorus's reader acts on them (see CEditShimLine.h).
        _ = cedit_set_signal(editLine, 0)
        _ = cedit_set_reader(editLine)
        _ = cedit_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
        _ = cedit_set_prompt(editLine, promptCallback)
        _ = cedit_add_function(editLine, "chorus-complete", "complete the word at the cursor", completeCallback)
        _ = cedit_bind(editLine, "^I", "chorus-complete")
        _ = el_source(editLine, nil)  // ~/.editrc or $EDITRC, after our defaults; absent is fine
        loadHistory()
    }

    /// True when libedit edits lines (a terminal); false when it reads piped input plainly.
    public var isEditing: Bool { cedit_edit_mode(editLine) != 0 }

    /// Reads one line. Ctrl-C gives `.interrupted` (the partial line is gone and `^C` is
    /// shown); a resized window keeps the line and is edited at its new width. The
    /// caller's SIGINT and SIGWINCH dispositions are restored before returning.
    public func readLine() -> Input {
        _ = cedit_reading_begin(editLine)
        defer { _ = cedit_reading_end() }
        lastBeep = nil
        while true {
            var count: Int32 = 0
            errno = 0
            let text = el_gets(editLine, &count)
            let error = errno
            if let text, count > 0 { return .line(Self.withoutNewline(String(cString: text))) }
            let terminating = cedit_terminate_take()
            if terminating != 0 { return .terminated(terminating) }
            if cedit_sigint_take() != 0 {
                if isEditing { Self.write("^C\n") }
                return .interrupted
            }
            // Another signal's handler interrupted libedit outside the reader (which
            // reads through EINTR itself): read again. Anything else (count 0 is Ctrl-D
            // or end of input; EIO is a hangup) ends the input.
            if count < 0 && error == EINTR { continue }
            return .endOfInput
        }
    }

    static func withoutNewline(_ line: String) -> String {
        var line = line
        while line.hasSuffix("\n") || line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    static func write(_ text: String) {
        cedit_write_stdout(text)
    }

    /// The editor behind a callback's `EditLine`.
    static func from(_ editLine: OpaquePointer) -> LineEditor? {
        guard let data = cedit_client_data(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }
}

/// libedit's prompt callback: the closure's current text, kept alive until the next call.
private let promptCallback: cedit_prompt_fn = { editLine in
    guard let editor = LineEditor.from(editLine) else { return nil }
    free(editor.promptBuffer)
    editor.promptBuffer = strdup(editor.prompt())
    return editor.promptBuffer
}
