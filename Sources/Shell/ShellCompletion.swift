import HostPatterns
import LineEditing

/// The inventory names Tab offers in a host pattern.
struct CompletionNames {
    var hosts: [String]
    var groups: [String]
}

/// Tab's candidates for the shell, from the slot the word is in (`CompletionSlot`). Pure:
/// the inventory's names and the local folder listing come in as functions, asked only
/// when the slot needs them.
enum ShellCompletion {
    /// Full words for the word before the cursor (those that start with it).
    /// - Parameters:
    ///   - before: the line up to the cursor.
    ///   - paths: local paths for a partial path (`Completer.paths(matching:)`).
    static func candidates(_ before: String, names: () -> CompletionNames, paths: (String) -> [String]) -> [String] {
        let word = CompletionPlan.word(in: before, cursor: before.count)
        return words(for: CompletionSlot.of(before), word: word, names: names, paths: paths).filter { $0.hasPrefix(word) }
    }

    private static func words(
        for slot: CompletionSlot, word: String, names: () -> CompletionNames, paths: (String) -> [String]
    ) -> [String] {
        switch slot {
        case .controlCommand: ControlCommandTable.completions(of: word)
        case .helpTopic: helpTopics(word)
        case .settingName: SettingSpec.names
        case .settingValue(let setting): (try? SettingSpec.named(setting))?.choices ?? []
        case .localPath: paths(word)
        case .pattern(let marker): patternWords(word, marker: marker, names())
        case .nothing: []
        }
    }

    /// `:help`'s topics as typed: `:select` after nothing or `:`, `select` after `sel`.
    private static func helpTopics(_ word: String) -> [String] {
        guard !word.isEmpty && !word.hasPrefix(":") else { return ShellHelp.topics }
        return ShellHelp.topics.map { $0.hasPrefix(":") ? String($0.dropFirst()) : $0 }
    }

    /// Names for the pattern's last part (after `,`, `!`, `&` or `^`), each after the
    /// word's text before that part: hosts, `@group`s and `@last:` sources. In
    /// `@PATTERN COMMAND` the parser also reads `@last:failed` as the source itself.
    static func patternWords(_ word: String, marker: String, _ names: CompletionNames) -> [String] {
        let pattern = word.dropFirst(marker.count)
        let cut = pattern.lastIndex { ",!&^".contains($0) }.map { pattern.index(after: $0) } ?? pattern.startIndex
        let head = marker + pattern[..<cut]
        let outcomes = LastOutcome.allCases.map { "last:" + $0.rawValue }
        var all = names.hosts + names.groups.map { "@" + $0 } + outcomes.map { "@" + $0 }
        if !marker.isEmpty && cut == pattern.startIndex { all += outcomes }
        return all.map { head + $0 }
    }
}
