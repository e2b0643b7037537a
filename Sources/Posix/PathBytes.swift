/// Paths taken apart on their UTF-8 bytes, never on `Character`s: a `/` followed by a
/// combining mark (U+0301) is one Character that is not equal to `/`, yet the file
/// system still splits there. Every check of a path (a name from a host, a host's name
/// made into a folder) goes through these.
public enum PathBytes {
    private static let slash = UInt8(ascii: "/")

    /// The components between `/` bytes, empty ones included (`a//b` → `a`, ``, `b`).
    public static func components(_ path: String) -> [String] {
        path.utf8.split(separator: slash, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The last non-empty component (`/var/log/` → `log`), or "" for `/` and "".
    public static func lastComponent(_ path: String) -> String {
        components(path).last { !$0.isEmpty } ?? ""
    }

    /// Whether `path` holds a `/` byte.
    public static func hasSlash(_ path: String) -> Bool { path.utf8.contains(slash) }

    /// The folder part (up to and with the last `/`, or empty) and the rest.
    public static func splitLast(_ path: String) -> (folder: String, name: String) {
        guard let last = path.utf8.lastIndex(of: slash) else { return ("", path) }
        let after = path.utf8.index(after: last)
        return (String(decoding: path.utf8[..<after], as: UTF8.self), String(decoding: path.utf8[after...], as: UTF8.self))
    }

    /// What comes after the first `/` (`site/css/a.css` → `css/a.css`), or nil without one.
    public static func afterFirstSlash(_ path: String) -> String? {
        guard let first = path.utf8.firstIndex(of: slash) else { return nil }
        return String(decoding: path.utf8[path.utf8.index(after: first)...], as: UTF8.self)
    }

    /// The longest start of `text` of at most `maxBytes` UTF-8 bytes that ends at a
    /// Unicode scalar's edge (so the result is still valid UTF-8).
    public static func prefix(of text: String, maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        var result = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let size = UTF8.width(scalar)
            guard used + size <= maxBytes else { break }
            result.append(scalar)
            used += size
        }
        return String(result)
    }

    /// A control byte: below 0x20 (NUL included), or 0x7F. Names holding one are
    /// refused in transfers: a newline splits `sha256sum`'s answer and every line that
    /// names the file, an escape sequence rewrites the operator's terminal.
    public static func isControl(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x7F }

    /// Whether `text` holds a control byte.
    public static func hasControl(_ text: String) -> Bool { text.utf8.contains(where: isControl) }

    /// A name for a "skipped" line: control bytes as `\xNN`, so the line cannot move
    /// the operator's cursor or split in two; invalid UTF-8 as U+FFFD.
    public static func visible(_ bytes: [UInt8]) -> String {
        var shown = ""
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar.isASCII, isControl(UInt8(scalar.value)) {
                let hex = String(scalar.value, radix: 16)
                shown += "\\x" + (hex.count < 2 ? "0" : "") + hex
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }
}
