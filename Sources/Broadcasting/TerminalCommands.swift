/// Commands that cannot work when run on many hosts at once: editors and pagers want
/// the operator's keys (which no host gets), full-screen monitors want a terminal
/// (which a command has only with `--pty`). Run anyway they fail with a bare `exited 1`
/// or wait for ever, so they are refused first with one line that says what to do.
/// Recognised by the first word (after `sudo` and `VAR=value` words), its basename, and
/// the flags that make the program run without a terminal (`top -b`, `vim -es`).
package enum TerminalCommands {
    /// Why `command` cannot run here, or nil when it can (or is not recognised).
    package static func refusal(_ command: String, pty: Bool) -> String? {
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let start = words.firstIndex { !$0.contains("=") && $0 != "sudo" && $0 != "exec" } ?? words.endIndex
        guard start < words.endIndex else { return nil }
        let program = String(words[start].split(separator: "/").last ?? "")
        let flags = Set(words[(start + 1)...])
        if let batch = interactive[program] {
            guard flags.isDisjoint(with: batch) else { return nil }
            return "'\(program)' reads keys from the terminal, and commands on many hosts get none "
                + "(it would wait for ever); edit with :get and :put, or sed -i"
        }
        if let batch = fullScreen[program], !pty {
            guard flags.isDisjoint(with: batch) else { return nil }
            let listing = batch.first.map { "run '\(program) \($0)' for a plain listing, or " } ?? ""
            return "'\(program)' needs a terminal: \(listing)give it one with --pty (:set pty on; Ctrl-C ends it)"
        }
        return nil
    }

    /// Editors and the like, with the flags that make them run as a batch.
    private static let interactive: [String: Set<String>] = [
        "vi": ["-e", "-es", "-E", "-Es", "--headless"], "vim": ["-e", "-es", "-E", "-Es", "--headless"],
        "nvim": ["-e", "-es", "-E", "-Es", "--headless"], "view": ["-e", "-es"], "nano": [], "pico": [],
        "emacs": ["--batch", "-batch", "--script"], "mc": [], "mcedit": [], "tmux": ["-V", "ls", "list-sessions"],
        "screen": ["-ls", "-list", "-v"],
    ]

    /// Monitors that draw a screen, with their batch flags (the first is suggested).
    private static let fullScreen: [String: [String]] = [
        "top": ["-b", "-bn1"], "htop": [], "atop": [], "iotop": ["-b"], "watch": [], "iftop": ["-t"], "nmon": [],
    ]
}
