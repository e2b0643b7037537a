/// Quoting for POSIX shells (sh, dash, bash, zsh, ksh): the one quoter for every word
/// Chorus builds into a remote command (the shell's `cd`/`export` replay, a transfer's
/// `sha256sum` and `mv`).
///
/// It works on UTF-8 bytes, never on `Character`s: a `'` followed by a combining mark
/// (U+0301) is one Character that does not compare equal to `'`, yet `sh` still reads
/// the `'` byte as a quote.
public enum ShellQuoting {
    /// `text` as one shell word that the shell reads back unchanged, whatever it holds
    /// (blanks, quotes, `$`, backquotes, newlines, combining marks): single quotes, with
    /// each `'` byte written as `'\''`. Plain words (ASCII letters, digits,
    /// `-_./:=@%+,`) stay bare for readability.
    public static func quote(_ text: String) -> String {
        String(decoding: quote(bytes: Array(text.utf8)), as: UTF8.self)  // only ASCII is added: still UTF-8
    }

    /// The same on raw bytes (a file name need not be UTF-8): the result, read by `sh`,
    /// is exactly `bytes`. A NUL byte cannot be passed to a shell at all; callers refuse
    /// such names before quoting.
    public static func quote(bytes: [UInt8]) -> [UInt8] {
        if !bytes.isEmpty && bytes.allSatisfy(isPlain) { return bytes }
        var word: [UInt8] = [quoteByte]
        word.reserveCapacity(bytes.count + 2)
        for byte in bytes {
            if byte == quoteByte { word += escapedQuote } else { word.append(byte) }
        }
        word.append(quoteByte)
        return word
    }

    private static let quoteByte = UInt8(ascii: "'")
    /// Closes the quote, an escaped `'`, reopens: `'\''`.
    private static let escapedQuote: [UInt8] = Array("'\\''".utf8)

    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"),
             UInt8(ascii: "="), UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: ","):
            true
        default: false
        }
    }
}
