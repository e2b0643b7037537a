import Broadcasting

/// One command-line option: its spellings and whether it takes a value.
/// Tables of these drive `ArgumentScanner`, so every mode parses the same way.
struct OptionSpec: Sendable {
    /// Spellings as typed, e.g. `["-i", "--inventory"]` or `["-cmd"]` (legacy single-dash words).
    let names: [String]
    let takesValue: Bool
    /// Stable key the parsed value is stored under (the first long name, without dashes).
    let key: String
    /// One line for `--help`.
    let help: String
    let valueName: String

    init(_ names: [String], key: String, value: String? = nil, help: String) {
        self.names = names
        self.key = key
        self.takesValue = value != nil
        self.valueName = value ?? ""
        self.help = help
    }

    /// `-i, --inventory PATH` as shown in help.
    var synopsis: String {
        names.joined(separator: ", ") + (takesValue ? " \(valueName)" : "")
    }
}

/// An option found on the command line, with its value if it takes one.
struct ParsedOption: Sendable, Equatable {
    let key: String
    let spelling: String
    let value: String?
}
