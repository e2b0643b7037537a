/// `:help` text, generated from `ControlCommandTable` and `SettingSpec` so that it lists
/// exactly what the parser accepts.
public enum ShellHelp {
    /// Every control command (usage and summary, aligned), then the other line forms.
    public static var overview: String {
        let rows = ControlCommandTable.all.map { ($0.usage, $0.summary) } + otherForms
        let width = rows.map(\.0.count).max() ?? 0
        let lines = rows.map { usage, summary in "  " + usage.padded(to: width) + "  " + summary }
        return (["Commands (any unique prefix works: :sel = :select):"] + lines).joined(separator: "\n")
    }

    /// What `:help TOPIC` explains, as Tab offers it: the control commands, with their `:`
    /// (`:help` takes them without it too, and any unique prefix). A topic added to the
    /// parser belongs here as well, so that it completes.
    public static var topics: [String] { ControlCommandTable.names + lineTopics.keys.sorted() }

    /// The forms that are not control commands.
    static let otherForms: [(String, String)] = [
        ("COMMAND", "run COMMAND on every selected host"),
        ("@PATTERN COMMAND", "run COMMAND once on PATTERN (@@group or @group, @last:failed)"),
        ("cd, export, unset", "remembered for later commands when typed alone (:help cd)"),
        ("!COMMAND", "run COMMAND on this machine"),
        ("exit, quit", "leave the shell"),
    ]

    /// `usage: :put [-r] SOURCE... DEST` and its summary; `:set` adds its settings.
    public static func text(for spec: ControlCommandSpec) -> String {
        var lines = ["usage: \(spec.usage)", "  \(spec.summary)"]
        if spec.name == "put" || spec.name == "get" {
            let width = ControlCommandSpec.transferOptionHelp.map(\.0.count).max() ?? 0
            lines.append("options:")
            lines += ControlCommandSpec.transferOptionHelp.map { "  " + $0.0.padded(to: width) + "  " + $0.1 }
        }
        if spec.name == "set" {
            let width = SettingSpec.names.map(\.count).max() ?? 0
            lines.append("settings:")
            lines += SettingSpec.all.map { "  " + $0.name.padded(to: width) + "  " + $0.expected }
        }
        return lines.joined(separator: "\n")
    }

    /// The text `:help` or `:help NAME` shows (`NAME` as `ControlCommand.help` carries it).
    public static func text(forTopic topic: String?) -> String {
        if let topic, let text = lineTopics[topic] { return text }
        guard let topic, let spec = ControlCommandTable.spec(named: topic) else { return overview }
        return text(for: spec)
    }

    /// `:help cd` and friends: the words of a broadcast line that the shell keeps.
    public static let lineTopics: [String: String] = {
        let kept = """
            cd DIR, cd, cd ~/DIR, export NAME=VALUE..., unset NAME...
              typed alone on a line, these are tried on every selected host and, if they
              worked on all of them, remembered: every later command runs in that directory
              with those variables (:hosts shows them). Where one fails, nothing is kept and
              the shell names the hosts. These are not kept (the shell says so): a value
              with $, ` or a wildcard (it would differ per host), and a line with &&, ||, ;
              or | (cd /tmp && make runs once, as under ssh).
            """
        return ["cd": kept, "export": kept, "unset": kept]
    }()
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
