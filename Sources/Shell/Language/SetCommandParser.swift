import Broadcasting

/// `:set` (list), `:set NAME` (show), `:set NAME VALUE` or `:set NAME=VALUE` (change).
/// The name and value are checked here, against the settings table, so a bad `:set`
/// line is refused at the prompt like any other bad line.
enum SetCommandParser {
    static func parse(_ words: [String], line: String) throws(ShellParseError) -> ControlCommand {
        var words = words
        if words.count == 1, let equals = words[0].firstIndex(of: "=") {
            words = [String(words[0][..<equals]), String(words[0][words[0].index(after: equals)...])]
        }
        switch words.count {
        case 0: return .set(name: nil, value: nil)
        case 1:
            let name = try SettingSpec.named(words[0]).name
            return .set(name: name, value: nil)
        case 2:
            let name = try SettingSpec.named(words[0]).name
            var scratch = RunSettings()
            try scratch.apply(name: name, value: words[1])
            return .set(name: name, value: words[1])
        default:
            throw ShellParseError(.badArguments(usage: ":set [NAME [VALUE]]"), part: line)
        }
    }
}
