import Broadcasting

/// One command-line option: its spellings and whether it takes a value.
/// Tables of these drive `ArgumentScanner`, `--help` and the shells' completion scripts,
/// so every mode parses the same way and the scripts offer what the parser accepts.
struct OptionSpec: Sendable {
    /// Spellings as typed, e.g. `["-i", "--inventory"]` or `["-cmd"]` (legacy single-dash words).
    let names: [String]
    let takesValue: Bool
    /// Stable key the parsed value is stored under (the first long name, without dashes).
    let key: String
    /// One line for `--help`.
    let help: String
    let valueName: String
    /// What the value is, for completion: a closed list, files, hosts …
    let completion: ValueCompletion

    init(_ names: [String], key: String, value: String? = nil, completes completion: ValueCompletion = .none, help: String) {
        self.names = names
        self.key = key
        self.takesValue = value != nil
        self.valueName = value ?? ""
        self.completion = completion
        self.help = help
    }

    /// `-i, --inventory PATH` as shown in help.
    var synopsis: String {
        names.joined(separator: ", ") + (takesValue ? " \(valueName)" : "")
    }

    /// The values this option accepts when they are a closed list (empty otherwise).
    var choices: [String] {
        if case .choices(let names) = completion { return names }
        return []
    }

    /// The one-letter spelling (`-w`), if the option has one: what may be bundled (`-bw`).
    var letter: Character? {
        names.first { $0.count == 2 && $0.hasPrefix("-") && $0 != "--" }?.last
    }
}

/// An option found on the command line, with its value if it takes one.
struct ParsedOption: Sendable, Equatable {
    let key: String
    let spelling: String
    let value: String?
}
