import Diagnostics

/// Finds the control command a name stands for. An exact name wins; otherwise a prefix
/// that starts exactly one command stands for it (`:sel` = `:select`), as in polysh and
/// gdb. A prefix of several is an error listing them; an unknown name suggests the
/// closest command by edit distance.
enum ControlCommandResolver {
    /// Prefixes that stayed with the command they meant before a newer one shared them
    /// (`:p` was `:put` before `:pick` came).
    static let shortForms = ["p": "put"]

    static func resolve(_ name: String) throws(ShellParseError) -> ControlCommandSpec {
        guard !name.isEmpty else { throw ShellParseError(.missingControlName, part: ":") }
        if let exact = ControlCommandTable.spec(named: shortForms[name] ?? name) { return exact }
        let matches = ControlCommandTable.all.filter { $0.name.hasPrefix(name) }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            let candidates = matches.map { ":" + $0.name }.sorted()
            throw ShellParseError(.ambiguousCommand(candidates: candidates), part: ":" + name)
        }
        let suggestion = Suggestion.closest(to: ":" + name, among: ControlCommandTable.names)
        throw ShellParseError(.unknownCommand(suggestion: suggestion), part: ":" + name)
    }
}
