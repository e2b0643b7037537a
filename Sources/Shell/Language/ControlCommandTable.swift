/// Every control command, in the order `:help` lists them.
public enum ControlCommandTable {
    public static let all: [ControlCommandSpec] = [
        .pattern("select", optional: false, "make PATTERN the selection that lines run on") { .select($0 ?? "") },
        .pattern("add", optional: false, "add the hosts of PATTERN to the selection") { .add($0 ?? "") },
        .pattern("remove", optional: false, "remove the hosts of PATTERN from the selection") { .remove($0 ?? "") },
        pickSpec,
        .plain("hosts", "list the selected hosts", .hosts),
        .plain("groups", "list the inventory's groups and their hosts", .groups),
        infoSpec,
        .transfer("put", "copy local files to every selected host (DEST/ or an existing folder: inside it)") {
            .put(sources: $0, destination: $1, recursive: $2.contains("recursive"), preserve: $2.contains("preserve"),
                 checksum: $2.contains("checksum"), followLinks: $2.contains("dereference"))
        },
        .transfer("get", "copy remote files into DEST/HOST/ on this machine, one folder per host") {
            .get(sources: $0, destination: $1, recursive: $2.contains("recursive"), preserve: $2.contains("preserve"),
                 checksum: $2.contains("checksum"))
        },
        sourceSpec,
        setSpec,
        .plain("history", "list the lines typed in this session (kept across sessions too, for Up)", .history),
        helpSpec,
        .plain("quit", "leave the shell (also: exit, quit, Ctrl-D)", .quit),
        .pattern("reconnect", optional: true, "close and reopen the SSH sessions of the selection or PATTERN") {
            .reconnect($0)
        },
        .pattern("disconnect", optional: true, "close the SSH sessions of the selection or PATTERN") { .disconnect($0) },
        .plain("diff", "compare the last command's output across hosts", .diff),
    ]

    /// The names, each with its `:`, for completion and messages.
    public static var names: [String] { all.map { ":" + $0.name } }

    /// The commands a partial name (with or without its `:`) could complete to, for Tab.
    public static func completions(of partial: String) -> [String] {
        let name = partial.hasPrefix(":") ? String(partial.dropFirst()) : partial
        return all.filter { $0.name.hasPrefix(name) }.map { ":" + $0.name }
    }

    public static func spec(named name: String) -> ControlCommandSpec? {
        all.first { $0.name == name }
    }

    private static let sourceSpec = ControlCommandSpec(
        name: "source", arguments: "FILE", summary: "run the lines of FILE as if typed, each shown first; errexit (off at the prompt) stops it at a failure"
    ) { words, line throws(ShellParseError) in
        guard words.count == 1, !words[0].isEmpty else {
            throw ShellParseError(.badArguments(usage: ":source FILE"), part: line)
        }
        return .source(words[0])
    }

    private static let infoSpec = ControlCommandSpec(
        name: "info", arguments: "[--json] PATTERN",
        summary: "show how each host is reached, where each setting came from, and its last result"
    ) { words, line throws(ShellParseError) in
        let json = words.first == "--json"
        let pattern = words.dropFirst(json ? 1 : 0).filter { !$0.isEmpty }.joined(separator: ",")
        guard !pattern.isEmpty else { throw ShellParseError(.badArguments(usage: ":info [--json] PATTERN"), part: line) }
        return .info(pattern, json: json)
    }

    private static let pickSpec = ControlCommandSpec(
        name: "pick", arguments: "N", summary: "narrow the selection to N of its hosts, chosen at random"
    ) { words, line throws(ShellParseError) in
        guard words.count == 1, let count = Int(words[0]), count >= 1 else {
            throw ShellParseError(.badArguments(usage: ":pick N (a whole number above 0)"), part: line)
        }
        return .pick(count)
    }

    private static let setSpec = ControlCommandSpec(
        name: "set", arguments: "[NAME [VALUE]]", summary: "show the settings, one setting, or change one"
    ) { words, line throws(ShellParseError) in
        try SetCommandParser.parse(words, line: line)
    }

    private static let helpSpec = ControlCommandSpec(
        name: "help", arguments: "[COMMAND]", summary: "list the commands, or explain one"
    ) { words, line throws(ShellParseError) in
        guard words.count <= 1 else { throw ShellParseError(.badArguments(usage: ":help [COMMAND]"), part: line) }
        guard let word = words.first else { return .help(nil) }
        let name = word.hasPrefix(":") ? String(word.dropFirst()) : word
        if !word.hasPrefix(":"), ShellHelp.lineTopics[name] != nil { return .help(name) }
        return .help(try ControlCommandResolver.resolve(name).name)
    }
}
