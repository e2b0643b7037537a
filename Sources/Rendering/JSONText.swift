// Writing JSON text by hand: the renderers emit a few fixed shapes, and keeping field order
// fixed makes the output diffable and snapshot-testable (Foundation's encoder does not
// promise an order).

/// A JSON object written field by field, in the order given.
struct JSONObject {
    private var fields: [String] = []

    mutating func add(_ key: String, _ value: String?) {
        append(key, value.map(JSONText.quoted) ?? "null")
    }

    mutating func add(_ key: String, _ value: (some BinaryInteger)?) {
        append(key, value.map { "\($0)" } ?? "null")
    }

    /// A value that is already JSON text.
    mutating func add(_ key: String, raw value: String) {
        append(key, value)
    }

    var text: String { "{" + fields.joined(separator: ",") + "}" }

    private mutating func append(_ key: String, _ value: String) {
        fields.append(JSONText.quoted(key) + ":" + value)
    }
}

enum JSONText {
    /// A JSON string literal. Escapes what RFC 8259 requires (quote, backslash, U+0000–
    /// U+001F) plus DEL and U+2028/U+2029, so a line is also safe for JavaScript and for
    /// terminals; everything else is written as UTF-8.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}": out += unicodeEscape(scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
