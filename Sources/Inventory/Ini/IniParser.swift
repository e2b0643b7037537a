/// Reads INI text exactly as Python's `configparser.ConfigParser()` with its default
/// options reads it (a port of `RawConfigParser._read`): `=` and `:` delimiters (the
/// first wins), `#`/`;` full-line comments only, indented continuation lines, empty
/// lines kept inside values, lowercased keys, case-sensitive section names, strict
/// duplicate checks, no keys without values.
///
/// Where configparser raises, this throws an `InventoryError` for the line configparser
/// names: duplicate and missing-header errors stop at once; other bad lines are
/// remembered and the first one is reported after the whole file is read, as
/// configparser's ParsingError does.
public struct IniParser {
    private var document: IniDocument
    /// `cursect`: where keys go now. nil before the first header.
    private var current: Target?
    private var optionName: String?
    private var indentLevel = 0
    private var added = Set<String>()
    private var firstBadLine: InventoryError?
    /// Lines of each key's value, joined once the file is read.
    private var pendingValue: [String] = []

    private enum Target: Equatable { case defaults, section(Int) }

    public static func parse(_ text: String, file: String) throws(InventoryError) -> IniDocument {
        var parser = IniParser(document: IniDocument(file: file))
        for (offset, line) in splitLines(text).enumerated() {
            try parser.read(line, number: offset + 1)
        }
        parser.flushValue()
        if let error = parser.firstBadLine { throw error }
        return parser.document
    }

    /// Universal newlines, as Python's text files: `\r\n`, `\r` and `\n` end a line.
    static func splitLines(_ text: String) -> [Substring.UnicodeScalarView] {
        var lines: [Substring.UnicodeScalarView] = []
        let scalars = Substring(text).unicodeScalars
        var start = scalars.startIndex, index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                lines.append(scalars[start..<index])
                var next = scalars.index(after: index)
                if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                index = next
            } else {
                index = scalars.index(after: index)
            }
        }
        if start < scalars.endIndex { lines.append(scalars[start...]) }
        return lines
    }

    private init(document: IniDocument) { self.document = document }

    private mutating func read(_ line: Substring.UnicodeScalarView, number: Int) throws(InventoryError) {
        let value = PyText.strip(line)
        let isComment = value.first == "#" || value.first == ";"
        if value.isEmpty || isComment {
            // configparser keeps an empty line inside a value (empty_lines_in_values),
            // but never a comment line.
            if !isComment, current != nil, !(optionName ?? "").isEmpty { pendingValue.append("") }
            return
        }
        let indent = line.firstIndex { !PyText.isSpace($0) }.map { line.distance(from: line.startIndex, to: $0) } ?? 0
        if current != nil, !(optionName ?? "").isEmpty, indent > indentLevel {
            pendingValue.append(String(value))
            return
        }
        indentLevel = indent
        if let header = Self.sectionHeader(value) {
            try openSection(header, line: number)
        } else if current == nil {
            throw InventoryError(.missingSectionHeader, file: document.file, line: number)
        } else {
            try readOption(value, line: number)
        }
    }

    /// `SECTCRE` (`\[(?P<header>.+)\]`, matched at the start): up to the last `]`.
    static func sectionHeader(_ value: Substring.UnicodeScalarView) -> String? {
        guard value.first == "[", let close = value.lastIndex(of: "]") else { return nil }
        let start = value.index(after: value.startIndex)
        guard start < close else { return nil }
        return String(String.UnicodeScalarView(value[start..<close]))
    }

    private mutating func openSection(_ name: String, line: Int) throws(InventoryError) {
        flushValue()
        if document.sections.contains(where: { $0.name == name }) {
            throw InventoryError(.duplicateSection(name), file: document.file, line: line)
        } else if name == "DEFAULT" {
            current = .defaults
            if document.defaults.line == 0 { document.defaults = .init(name: name, line: line, entries: document.defaults.entries) }
        } else {
            document.sections.append(.init(name: name, line: line))
            current = .section(document.sections.count - 1)
        }
        optionName = nil
    }

    private var sectionName: String {
        switch current {
        case .section(let index): document.sections[index].name
        default: "DEFAULT"
        }
    }

    /// A line that is not `key = value` is quoted, unless its first word looks like a
    /// secret's key (`password hunter2`, the `=` forgotten): then only that word is.
    private static func notKeyValue(_ text: String) -> InventoryError.Kind {
        let firstWord = text.unicodeScalars.prefix { !$0.properties.isWhitespace }
        let word = String(String.UnicodeScalarView(firstWord))
        return HostField.mayHoldSecret(word) ? .notKeyValueHidingSecret(firstWord: word) : .notKeyValue(text)
    }

    /// `OPTCRE`: key, then the first `=` or `:`, then the value.
    private mutating func readOption(_ value: Substring.UnicodeScalarView, line: Int) throws(InventoryError) {
        flushValue()
        guard let delimiter = value.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
            remember(InventoryError(Self.notKeyValue(String(String.UnicodeScalarView(value))), file: document.file, line: line))
            return
        }
        let rawKey = PyText.rstrip(value[..<delimiter])
        if rawKey.isEmpty { remember(InventoryError(.emptyKey, file: document.file, line: line)) }
        let key = String(String.UnicodeScalarView(rawKey)).lowercased()
        let section = sectionName
        guard added.insert(section + "\u{0}" + key).inserted else {
            throw InventoryError(.duplicateOption(section: section, key: key), file: document.file, line: line)
        }
        optionName = key
        pendingValue = [String(PyText.strip(value[value.index(after: delimiter)...]))]
        let entry = IniDocument.Entry(key: key, rawValue: "", line: line)
        switch current {
        case .section(let index): document.sections[index].entries.append(entry)
        default: document.defaults.entries.append(entry)
        }
    }

    /// Joins the lines of the value being read (`'\n'.join(val).rstrip()`).
    private mutating func flushValue() {
        guard let key = optionName, !pendingValue.isEmpty else { return }
        let joined = String(PyText.rstrip(Substring(pendingValue.joined(separator: "\n")).unicodeScalars))
        pendingValue = []
        switch current {
        case .section(let index):
            if let at = document.sections[index].entries.lastIndex(where: { $0.key == key }) {
                document.sections[index].entries[at].rawValue = joined
            }
        default:
            if let at = document.defaults.entries.lastIndex(where: { $0.key == key }) {
                document.defaults.entries[at].rawValue = joined
            }
        }
    }

    private mutating func remember(_ error: InventoryError) {
        if firstBadLine == nil { firstBadLine = error }
    }
}

/// Python's notion of whitespace for `str.strip()` and `\s`: Unicode White_Space plus
/// the four ASCII information separators (U+001C…U+001F) that Python also counts.
enum PyText {
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    static func strip(_ text: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        rstrip(text.drop(while: isSpace))
    }

    static func rstrip(_ text: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        guard let last = text.lastIndex(where: { !isSpace($0) }) else { return text[text.startIndex..<text.startIndex] }
        return text[...last]
    }
}
