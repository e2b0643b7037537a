/// One control command: its name, how it is written, what it does, and how its words
/// become a `ControlCommand`. `ControlCommandTable.all` is the one list that the parser,
/// prefix matching, completion and `:help` read, so help cannot drift from behaviour.
public struct ControlCommandSpec: Sendable {
    /// Without the `:`.
    public let name: String
    /// The usage after the name, e.g. `[-r] SOURCE... DEST`; empty when it takes none.
    public let arguments: String
    /// One line for `:help`.
    public let summary: String
    /// Turns the words after the name into the command; `line` is for error messages.
    let build: @Sendable (_ words: [String], _ line: String) throws(ShellParseError) -> ControlCommand

    /// `:put [-r] SOURCE... DEST`.
    public var usage: String { arguments.isEmpty ? ":" + name : ":\(name) \(arguments)" }

    /// The error for words that do not fit `usage`.
    func badArguments(_ line: String) -> ShellParseError {
        ShellParseError(.badArguments(usage: usage), part: line)
    }
}

extension ControlCommandSpec {
    /// A command that takes no words.
    static func plain(_ name: String, _ summary: String, _ command: ControlCommand) -> ControlCommandSpec {
        ControlCommandSpec(name: name, arguments: "", summary: summary) { words, line throws(ShellParseError) in
            guard words.isEmpty else { throw ShellParseError(.badArguments(usage: ":" + name), part: line) }
            return command
        }
    }

    /// A command that takes a host pattern; several words are one union (`web db` = `web,db`),
    /// as `nodeset -f a b` reads them.
    static func pattern(
        _ name: String, optional: Bool, _ summary: String, _ make: @escaping @Sendable (String?) -> ControlCommand
    ) -> ControlCommandSpec {
        let arguments = optional ? "[PATTERN]" : "PATTERN"
        return ControlCommandSpec(name: name, arguments: arguments, summary: summary) { words, line throws(ShellParseError) in
            let pattern = words.filter { !$0.isEmpty }.joined(separator: ",")
            if pattern.isEmpty {
                guard optional else { throw ShellParseError(.badArguments(usage: ":\(name) \(arguments)"), part: line) }
                return make(nil)
            }
            return make(pattern)
        }
    }

    /// `:put`/`:get`: `-r`/`--recursive`, `-p`/`--preserve`, `--checksum` (or `-rp`) and
    /// `-L`/`--dereference` (which only a put uses)
    /// anywhere before `--`, then at least one source and a destination (the last word),
    /// as `cp` and `scp` read them.
    static func transfer(
        _ name: String, _ summary: String,
        _ make: @escaping @Sendable (_ sources: [String], _ destination: String, _ flags: Set<String>) -> ControlCommand
    ) -> ControlCommandSpec {
        let usage = ":\(name) [OPTIONS] SOURCE... DEST"
        return ControlCommandSpec(name: name, arguments: "[OPTIONS] SOURCE... DEST", summary: summary) {
            words, line throws(ShellParseError) in
            var flags: Set<String> = [], paths: [String] = [], optionsEnded = false
            for word in words {
                if !optionsEnded, let named = transferFlags[word] { flags.formUnion(named) }
                else if !optionsEnded && word == "--" { optionsEnded = true }
                else if !optionsEnded && word.count > 1 && word.hasPrefix("-") {
                    throw ShellParseError(.badArguments(usage: usage), part: word)
                } else { paths.append(word) }
            }
            guard paths.count >= 2, let destination = paths.last, !paths.contains("") else {
                throw ShellParseError(.badArguments(usage: usage), part: line)
            }
            return make(Array(paths.dropLast()), destination, flags)
        }
    }

    /// The options of `:put` and `:get`, for `:help put`.
    public static let transferOptionHelp: [(String, String)] = [
        ("-r, --recursive", "copy folders and everything in them"),
        ("-p, --preserve", "keep times (get: and the host's permission bits, never set-uid)"),
        ("--checksum", "compare SHA-256 of both sides before each file is put in place"),
        ("-L, --dereference", "put -r: send the files symlinks point to (else left out)"),
    ]

    private static let transferFlags: [String: Set<String>] = [
        "-r": ["recursive"], "--recursive": ["recursive"], "-p": ["preserve"], "--preserve": ["preserve"],
        "-rp": ["recursive", "preserve"], "-pr": ["recursive", "preserve"], "--checksum": ["checksum"],
        "-L": ["dereference"], "--dereference": ["dereference"],
    ]
}
