import Broadcasting

/// A place on the command line the completion scripts tell apart: before any subcommand
/// (the top level, where the one-shot options live) or after a subcommand's name.
/// Built from the same tables `ChorusMain` parses with, so the scripts cannot drift.
struct CompletionContext {
    /// The subcommand's name; empty for the top level.
    let name: String
    let summary: String
    /// Its options other than the global ones (`globals`), which every context accepts.
    let ownOptions: [OptionSpec]
    let operands: ValueCompletion

    /// The options accepted everywhere, before or after a subcommand.
    static let globals = RunSettings.specs

    static let topLevel = CompletionContext(
        name: "", summary: "", ownOptions: withoutGlobals(ChorusMain.topLevelSpecs), operands: .subcommands)

    static let subcommands = Subcommands.all.map {
        CompletionContext(name: $0.name, summary: $0.summary, ownOptions: withoutGlobals($0.acceptedOptions), operands: $0.operands)
    }

    static let all = [topLevel] + subcommands

    /// Every option accepted here.
    var options: [OptionSpec] { ownOptions + Self.globals }

    private static func withoutGlobals(_ specs: [OptionSpec]) -> [OptionSpec] {
        let names = Set(globals.flatMap(\.names))
        return specs.filter { !$0.names.contains(where: names.contains) }
    }

    /// Options that select hosts: after one, the first word is a remote command, not a subcommand.
    static let selectionSpellings = ChorusMain.topLevelSpecs
        .filter { OneShotCommand.selectionKeys.contains($0.key) }.flatMap(\.names)

    /// Every spelling, once, in table order.
    static func spellings(_ specs: [OptionSpec]) -> [String] { unique(specs.flatMap(\.names)) }

    /// Spellings of the options that take a value.
    var valueSpellings: [String] { Self.unique(options.filter(\.takesValue).flatMap(\.names)) }

    /// The one-letter options that take no value (`-b`), as one string of letters: what a bundle may hold before its last letter.
    var flagLetters: String { String(Self.unique(options.filter { !$0.takesValue }.compactMap(\.letter).map(String.init)).joined()) }

    /// The one-letter options that take a value: the only ones a bundle may end with, its value in the next word.
    var valueLetters: String { String(Self.unique(options.filter(\.takesValue).compactMap(\.letter).map(String.init)).joined()) }

    /// The options that take a value, grouped by what their value completes as (first
    /// use order), each group with its spellings: one `case` arm per group in a script.
    static func valuesByCompletion(_ specs: [OptionSpec]) -> [(ValueCompletion, [String])] {
        var groups: [(ValueCompletion, [String])] = []
        for spec in specs where spec.takesValue {
            if let at = groups.firstIndex(where: { $0.0 == spec.completion }) {
                groups[at].1 += spec.names.filter { !groups[at].1.contains($0) }
            } else {
                groups.append((spec.completion, spec.names))
            }
        }
        return groups
    }

    /// Each option once, the first of two with the same spelling kept (`--workers`).
    static func uniqueOptions(_ specs: [OptionSpec]) -> [OptionSpec] {
        var seen: Set<String> = []
        return specs.filter { spec in
            defer { seen.formUnion(spec.names) }
            return !spec.names.contains(where: seen.contains)
        }
    }

    private static func unique(_ words: [String]) -> [String] {
        var seen: Set<String> = []
        return words.filter { seen.insert($0).inserted }
    }
}
