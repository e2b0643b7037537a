extension RemoteSessionState {
    /// What `command` (a broadcast line) does to the session state, if anything.
    public static func recognize(_ command: String) -> Recognition {
        let text = ShellParser.trimmed(command)
        let name = String(text.prefix { !$0.isWhitespace })
        guard ["cd", "export", "unset"].contains(name) else { return .notStateChange }
        let rest = ShellParser.trimmed(String(text.dropFirst(name.count)))
        guard let (words, expands, hasOperators) = try? ShellWords.splitNotingSpecials(text) else { return .notStateChange }
        if hasOperators {
            return .unsupported(reason: "'\(name)' in a line with &&, ||, ; or | is not kept between commands; type it on a line of its own")
        }
        if name == "cd", rest == "~" || rest.hasPrefix("~/") {
            return recognizeHomeDirectory(String(rest.dropFirst(rest == "~" ? 1 : 2)))
        }
        if expands {
            return .unsupported(reason: "'\(name)' with $, ` or a wildcard is not kept between commands; write the value literally")
        }
        let arguments = Array(words.dropFirst())
        switch name {
        case "cd": return recognizeDirectory(arguments)
        case "unset": return recognizeUnset(arguments)
        default: return recognizeExport(arguments)
        }
    }

    /// `unset NAME...`: the names stop being exported, and are unset in front of every
    /// later command (a variable the login shell sets is gone too).
    private static func recognizeUnset(_ arguments: [String]) -> Recognition {
        guard !arguments.isEmpty else { return .notStateChange }
        guard arguments.allSatisfy({ isVariableName(Substring($0)) }) else {
            return .unsupported(reason: "only 'unset NAME...' is kept between commands")
        }
        return .change(.unset(arguments))
    }

    private static func recognizeDirectory(_ arguments: [String]) -> Recognition {
        guard let path = arguments.first else { return .change(.changeDirectory(nil)) }
        guard arguments.count == 1 else { return .unsupported(reason: "'cd' takes one directory") }
        guard !path.isEmpty, !path.hasPrefix("-") else {
            return .unsupported(reason: "'cd \(path)' is not kept between commands; name the directory")
        }
        return .change(.changeDirectory(path))
    }

    /// `cd ~` and `cd ~/DIR`: relative to the login directory, wherever the session is now.
    private static func recognizeHomeDirectory(_ rest: String) -> Recognition {
        guard let (words, expands, hasOperators) = try? ShellWords.splitNotingSpecials(rest), !hasOperators else {
            return .notStateChange
        }
        guard !expands, words.count <= 1 else { return .unsupported(reason: "'cd ~/…' takes one literal directory") }
        guard let path = words.first, !path.isEmpty else { return .change(.changeDirectory(nil)) }
        return .change(.changeDirectoryFromHome(path))
    }

    private static func recognizeExport(_ arguments: [String]) -> Recognition {
        guard !arguments.isEmpty else { return .notStateChange }
        var assignments: [Assignment] = []
        for word in arguments {
            guard let equals = word.firstIndex(of: "="), isVariableName(word[..<equals]) else {
                return .unsupported(reason: "only 'export NAME=VALUE' is kept between commands")
            }
            assignments.append(Assignment(name: String(word[..<equals]), value: String(word[word.index(after: equals)...])))
        }
        return .change(.export(assignments))
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`, as POSIX names variables.
    static func isVariableName(_ name: Substring) -> Bool {
        guard let first = name.first, !first.isNumber else { return false }
        return name.allSatisfy { $0 == "_" || (($0.isLetter || $0.isNumber) && $0.isASCII) }
    }
}
