/// Turns one line into a `ShellLine`. Pure: no inventory, no I/O; patterns are checked
/// against the inventory by whoever runs the line.
///
/// The forms, tried in this order on the line without its surrounding blanks:
/// - blank, or starting with `#`: `.empty`;
/// - `:NAME ARGS`: a control command; NAME may be a unique prefix (`:sel`); ARGS are
///   split into words like a POSIX shell would (`ShellWords`);
/// - `!COMMAND`: a local command, passed to `sh` verbatim;
/// - `@PATTERN COMMAND`: COMMAND on PATTERN only. PATTERN is the text up to the first
///   blank, without the marker `@`: `@db[1-3] uptime` targets `db[1-3]`, `@@web uptime`
///   targets the group `@web`. `@last:OUTCOME` is read as the pattern `@last:OUTCOME`
///   (no host name contains `:` followed by a word), so `@last:failed cmd` works as typed;
/// - `exit` or `quit` alone: `.exit` (with words after them they are remote commands);
/// - `batch_run …` / `batch_scp …`: the original tool's syntax;
/// - anything else: a broadcast, verbatim.
/// Every command passed on verbatim must close its quotes (`QuoteChecker`).
public enum ShellParser {
    public static func parse(_ line: String) throws(ShellParseError) -> ShellLine {
        let text = trimmed(line)
        guard let first = text.first, first != "#" else { return .empty }
        switch first {
        case ":": return .control(try parseControl(String(text.dropFirst()), line: text))
        case "!": return try parseLocal(String(text.dropFirst()))
        case "@": return try parseTargeted(String(text.dropFirst()), line: text)
        default: return try parseOther(text)
        }
    }

    private static func parseControl(_ body: String, line: String) throws(ShellParseError) -> ControlCommand {
        let name = String(body.prefix { !$0.isWhitespace })
        let spec = try ControlCommandResolver.resolve(name)
        let words = try ShellWords.split(String(body.dropFirst(name.count)))
        return try spec.build(words, line)
    }

    private static func parseLocal(_ body: String) throws(ShellParseError) -> ShellLine {
        let command = trimmed(body)
        guard !command.isEmpty else { throw ShellParseError(.missingLocalCommand, part: "!") }
        try QuoteChecker.check(command)
        return .local(command: command)
    }

    private static func parseTargeted(_ body: String, line: String) throws(ShellParseError) -> ShellLine {
        let token = String(body.prefix { !$0.isWhitespace })
        guard !token.isEmpty else { throw ShellParseError(.missingPattern, part: line) }
        let command = trimmed(String(body.dropFirst(token.count)))
        let pattern = token.hasPrefix("last:") ? "@" + token : token
        guard !command.isEmpty else { throw ShellParseError(.missingTargetCommand, part: line) }
        try QuoteChecker.check(command)
        return .targeted(pattern: pattern, command: command)
    }

    private static func parseOther(_ text: String) throws(ShellParseError) -> ShellLine {
        if text == "exit" || text == "quit" { return .exit }
        let firstWord = String(text.prefix { !$0.isWhitespace })
        if LegacyCommandParser.commandNames.contains(firstWord) {
            let words = try ShellWords.split(text)
            return .legacy(try LegacyCommandParser.parse(words, line: text))
        }
        try QuoteChecker.check(text)
        return .broadcast(command: text)
    }

    /// Without leading and trailing blanks (spaces, tabs, a final newline or CR).
    static func trimmed(_ text: String) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
