import CEditShim
#if canImport(Glibc)
import Glibc
#endif

extension LineEditor {
    /// The line as libedit holds it, and the cursor as a count of characters.
    func currentLine() -> (line: String, cursor: Int) {
        guard let info = el_line(editLine)?.pointee else { return ("", 0) }
        let length = info.lastchar - info.buffer, cursorBytes = info.cursor - info.buffer
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(info.buffer).assumingMemoryBound(to: UInt8.self), count: length)
        let line = String(decoding: bytes, as: UTF8.self)
        let cursor = String(decoding: bytes.prefix(cursorBytes), as: UTF8.self).count
        return (line, cursor)
    }

    /// Tab: asks the provider, then inserts, beeps or lists (see `CompletionPlan`).
    func complete() -> UInt8 {
        let (line, cursor) = currentLine()
        let word = CompletionPlan.word(in: line, cursor: cursor)
        let repeated = lastBeep.map { $0.line == line && $0.cursor == cursor } ?? false
        let plan = CompletionPlan.decide(word: word, candidates: completion(line, cursor), repeated: repeated)
        lastBeep = nil
        switch plan {
        case .insert(let text):
            _ = el_insertstr(editLine, text)
            return UInt8(CC_REFRESH)
        case .beep:
            lastBeep = (line, cursor)
            return UInt8(CC_REFRESH_BEEP)
        case .list(let candidates):
            Self.write("\n" + CompletionPlan.layout(candidates).joined(separator: "\n") + "\n")
            return UInt8(CC_REDISPLAY)
        }
    }
}

/// libedit's key callback for Tab (`EL_ADDFN` + `EL_BIND "^I"`).
let completeCallback: cedit_key_fn = { editLine, _ in
    guard let editor = LineEditor.from(editLine) else { return UInt8(CC_ERROR) }
    return editor.complete()
}
