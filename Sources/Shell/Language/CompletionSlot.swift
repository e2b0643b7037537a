import LineEditing

/// What the word before the cursor stands for in the shell's grammar (`ShellParser`), so
/// Tab offers the right kind of name. Pure: the text before the cursor alone decides.
public enum CompletionSlot: Equatable, Sendable {
    /// The first word, after `:`: a control command's name.
    case controlCommand
    /// `:help`'s word: what `:help` explains (`ShellHelp.topics`).
    case helpTopic
    /// `:set NAME` and `:set NAME VALUE`.
    case settingName
    case settingValue(setting: String)
    /// A file on this machine: `:source FILE`, `:put`'s words, `:get`'s later words (its
    /// DEST), a `!COMMAND`'s arguments.
    case localPath
    /// A host pattern; `marker` is the text before it in the word: `@` for the first word
    /// of `@PATTERN COMMAND`, where `@web01` targets the host web01 and `@@db` the group db.
    case pattern(marker: String)
    /// Nothing fits or nothing can be known here (see `controlArgument`).
    case nothing
}

extension CompletionSlot {
    /// - Parameter before: the line up to the cursor.
    public static func of(_ before: String) -> CompletionSlot {
        let word = CompletionPlan.word(in: before, cursor: before.count)
        let earlier = before.dropLast(word.count).split { $0 == " " || $0 == "\t" }.map(String.init)
        guard let first = earlier.first else { return firstWord(word) }
        if first.hasPrefix(":") { return controlArgument(String(first.dropFirst()), Array(earlier.dropFirst())) }
        if first.hasPrefix("!") { return .localPath }
        return .pattern(marker: "")  // a command's words, on the hosts: names are what can help
    }

    private static func firstWord(_ word: String) -> CompletionSlot {
        if word.hasPrefix(":") { return .controlCommand }
        if word.hasPrefix("@") { return .pattern(marker: "@") }
        if word.hasPrefix("!") { return .nothing }  // a local command's name: not completed
        return .pattern(marker: "")
    }

    /// The slot after `:NAME` (a unique prefix counts) and its finished `arguments`.
    private static func controlArgument(_ name: String, _ arguments: [String]) -> CompletionSlot {
        guard let spec = try? ControlCommandResolver.resolve(name) else { return .nothing }
        switch spec.name {
        case "help": return arguments.isEmpty ? .helpTopic : .nothing
        case "set":
            if arguments.isEmpty { return .settingName }
            return arguments.count == 1 ? .settingValue(setting: arguments[0]) : .nothing
        case "source": return arguments.isEmpty ? .localPath : .nothing
        // `:put LOCAL... REMOTE`: every word may still be a local source (the remote DEST is
        // only known once the line ends), so every word completes here.
        case "put": return .localPath
        // `:get REMOTE... LOCAL`: the first path is on the hosts, where nothing can be
        // listed from here; a later one may be the local DEST (the usual case) or another
        // remote source, which cannot be told apart before the line ends.
        case "get": return pathCount(arguments) == 0 ? .nothing : .localPath
        default: return spec.arguments.contains("PATTERN") ? .pattern(marker: "") : .nothing
        }
    }

    /// The words of a `:put`/`:get` that are paths, not options (options end at `--`).
    private static func pathCount(_ arguments: [String]) -> Int {
        var ended = false, count = 0
        for word in arguments {
            if !ended && word == "--" { ended = true }
            else if ended || word == "-" || !word.hasPrefix("-") { count += 1 }
        }
        return count
    }
}
