import Diagnostics

/// The original tool's two commands, word for word:
/// `batch_run -h h1,h2 -g web,db -cmd "df -h"` and
/// `batch_scp -h h1 -g db -action put -local test.py -remote /tmp/`.
/// Every option takes one value; `-h`/`-g` may repeat (their lists are joined);
/// the others may appear once. At least one `-h` or `-g` is required.
enum LegacyCommandParser {
    static let commandNames: Set<String> = ["batch_run", "batch_scp"]

    static func parse(_ words: [String], line: String) throws(ShellParseError) -> LegacyCommand {
        let isCopy = words[0] == "batch_scp"
        let known = isCopy ? ["-h", "-g", "-action", "-local", "-remote"] : ["-h", "-g", "-cmd"]
        let values = try optionValues(Array(words.dropFirst()), known: known, line: line)
        let hosts = list(values, "-h"), groups = list(values, "-g")
        guard !hosts.isEmpty || !groups.isEmpty else {
            throw ShellParseError(.badLegacyCommand(reason: "\(words[0]) needs -h HOST,... or -g GROUP,..."), part: line)
        }
        let action = isCopy ? try copyAction(values, line: line) : try runAction(values, line: line)
        return LegacyCommand(hosts: hosts, groups: groups, action: action)
    }

    /// Option name → its values in order.
    private static func optionValues(_ words: [String], known: [String], line: String) throws(ShellParseError) -> [String: [String]] {
        var values: [String: [String]] = [:]
        var index = 0
        while index < words.count {
            let word = words[index]
            guard known.contains(word) else {
                guard word.hasPrefix("-") else {
                    throw bad("unexpected '\(word)' (quote the command after -cmd)", line)
                }
                throw ShellParseError(.unknownLegacyOption(suggestion: Suggestion.closest(to: word, among: known)), part: word)
            }
            guard index + 1 < words.count else { throw bad("option \(word) needs a value", line) }
            if word != "-h" && word != "-g" && values[word] != nil { throw bad("option \(word) given twice", line) }
            values[word, default: []].append(words[index + 1])
            index += 2
        }
        return values
    }

    /// `-h a,b -h c` → `[a, b, c]`; blanks around names and empty items are dropped.
    private static func list(_ values: [String: [String]], _ option: String) -> [String] {
        (values[option] ?? []).flatMap { $0.split(separator: ",") }
            .map { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }
            .filter { !$0.isEmpty }
    }

    private static func runAction(_ values: [String: [String]], line: String) throws(ShellParseError) -> LegacyCommand.Action {
        guard let command = values["-cmd"]?.first, !command.isEmpty else { throw bad("batch_run needs -cmd COMMAND", line) }
        try QuoteChecker.check(command)
        return .run(command: command)
    }

    private static func copyAction(_ values: [String: [String]], line: String) throws(ShellParseError) -> LegacyCommand.Action {
        guard let word = values["-action"]?.first else { throw bad("batch_scp needs -action put|get", line) }
        guard let direction = LegacyCommand.Direction(rawValue: word) else {
            let suggestion = Suggestion.closest(to: word, among: LegacyCommand.Direction.allCases.map(\.rawValue))
            throw ShellParseError(.badSettingValue(name: "-action", expected: "put | get", suggestion: suggestion), part: word)
        }
        guard let local = values["-local"]?.first, !local.isEmpty else { throw bad("batch_scp needs -local PATH", line) }
        guard let remote = values["-remote"]?.first, !remote.isEmpty else { throw bad("batch_scp needs -remote PATH", line) }
        return .copy(direction: direction, local: local, remote: remote)
    }

    private static func bad(_ reason: String, _ line: String) -> ShellParseError {
        ShellParseError(.badLegacyCommand(reason: reason), part: line)
    }
}
