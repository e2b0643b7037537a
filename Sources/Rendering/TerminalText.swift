// Making remote bytes safe to show on the operator's terminal: a host must not be able to
// move the cursor, retitle the window or switch character sets. Control characters and
// invalid UTF-8 become visible escapes; everything printable, and tabs, passes through.
// Backslashes are not doubled: this is for reading, not for parsing back.

public enum TerminalText {
    /// Appends `bytes` with C0 controls and DEL as `\x1b`, C1 controls (U+0080–U+009F,
    /// which some terminals obey as CSI and friends) as `\u009b`, and each byte of invalid
    /// UTF-8 as `\xff`. Tabs are kept.
    static func escape(_ bytes: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard let length = UTF8Scan.validLength(bytes, at: index) else {
                appendEscape("\\x", byte, into: &out)
                index += 1
                continue
            }
            if length == 1, byte != 0x09, byte < 0x20 || byte == 0x7F {
                appendEscape("\\x", byte, into: &out)
            } else if length == 2, byte == 0xC2, bytes[index + 1] < 0xA0 {
                appendEscape("\\u00", bytes[index + 1], into: &out)
            } else {
                out.append(contentsOf: bytes[index..<index + length])
            }
            index += length
        }
    }

    /// The escaped form of a string (host names, error messages, signal names).
    public static func escaped(_ text: String) -> String {
        var out: [UInt8] = []
        escape(Array(text.utf8)[...], into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendEscape(_ prefix: String, _ byte: UInt8, into out: inout [UInt8]) {
        out.append(contentsOf: prefix.utf8)
        out.append(hexDigit(byte >> 4))
        out.append(hexDigit(byte & 0x0F))
    }

    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10
    }
}
