/// Text a server chose (a disconnect reason, a keyboard-interactive prompt), made fit
/// for a one-line error: controls become spaces, runs of spaces one, at most `limit`
/// characters (cut ones end in `…`).
enum ServerText {
    static func oneLine(_ text: String, limit: Int) -> String {
        let spaced = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control ? " " : $0
        }))
        let line = spaced.split(separator: " ").joined(separator: " ")
        return line.count > limit ? String(line.prefix(limit)) + "…" : line
    }
}
