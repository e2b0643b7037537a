// The text of one gathered group:
//
//     ---------------
//     web[01-03] (3)
//     ---------------
//     <stdout, then stderr with -B>
//
// Headers of groups that did not end ok add the reason: `web03 (1): exited 1`. Output is
// escaped as on the terminal (control characters, invalid UTF-8; CR before LF dropped),
// and a last line without a newline gets one.

enum GatherText {
    /// clush's separator: fifteen dashes.
    static let separator = String(repeating: "-", count: 15)

    static func group(outcome: HostOutcome?, _ output: GatherOutput, hosts: [String], color: Bool) -> String {
        var text = header(outcome, hosts: hosts, color: color)
        text += body(output.stdout, paint: nil)
        if let stderr = output.stderr { text += body(stderr, paint: color ? ANSI.red : nil) }
        return text
    }

    static func header(_ outcome: HostOutcome?, hosts: [String], color: Bool) -> String {
        var title = "\(HostOrder.folded(hosts)) (\(hosts.count))"
        var reason = ""
        switch outcome {
        case .none: reason = "no result"
        case .some(let outcome) where !outcome.isOK: reason = outcome.reason
        default: break
        }
        if color {
            title = ANSI.paint(title, code: ANSI.blue)
            reason = reason.isEmpty ? "" : ANSI.paint(reason, code: ANSI.red)
        }
        let dashes = color ? ANSI.paint(separator, code: ANSI.blue) : separator
        return "\(dashes)\n\(title)\(reason.isEmpty ? "" : ": " + reason)\n\(dashes)\n"
    }

    /// A stream's lines, each escaped (and painted, for stderr in colour), then the
    /// dropped-bytes note.
    static func body(_ buffer: KeptStream, paint: Int?) -> String {
        var text = ""
        for line in lines(buffer.bytes) {
            var escaped: [UInt8] = []
            TerminalText.escape(line, into: &escaped)
            let shown = String(decoding: escaped, as: UTF8.self)
            text += (paint.map { ANSI.paint(shown, code: $0) } ?? shown) + "\n"
        }
        if buffer.dropped > 0 { text += "[… \(buffer.dropped) bytes dropped]\n" }
        return text
    }

    /// Lines without their LF (or CR LF); a last line without a newline counts as one.
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        guard !bytes.isEmpty else { return [] }
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if bytes.last == 0x0A { lines.removeLast() }
        return lines.map { $0.last == 0x0D ? $0.dropLast() : $0 }
    }
}
