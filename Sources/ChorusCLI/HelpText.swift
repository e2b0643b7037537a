import Broadcasting

/// `--help` text, generated from the option and subcommand tables so it cannot drift
/// from what the parser accepts.
enum HelpText {
    static var main: String {
        """
        chorus \(ChorusVersion.current) — one prompt, many hosts over SSH

        Usage:
          chorus [OPTIONS]                      the interactive shell (:help inside)
          chorus [OPTIONS] SCRIPT               run a script of shell lines (also on stdin)
          chorus [OPTIONS] -w PATTERN [-x PATTERN] [-g GROUP] COMMAND...
          chorus [OPTIONS] SUBCOMMAND [ARGS...]
          chorus --version

        Run a command on many hosts (the first word after the options starts COMMAND;
        every word after it belongs to COMMAND):
        \(table(OneShotCommand.options.map { ($0.synopsis, $0.help) }))

        Patterns: web[01-10], db[1-3,7], @group, web*, and set operators , (union)
        ! (difference) & (intersection) ^ (symmetric difference), left to right.
        Output is `HOST: LINE` when standard output is not a terminal.

        Subcommands:
        \(table(Subcommands.all.map { ($0.name, $0.summary) }))

        Options (before or after the subcommand):
        \(table(RunSettings.specs.map { ($0.synopsis, $0.help) } + [
            ("-h, --help", "show this help"), ("--version", "show the version of chorus and of libssh2"),
        ]))

        Exit status: 0 all ok; 2 usage or input error (nothing run); 3 a command timed out,
        was cancelled or killed by a signal; 4 a host failed at the SSH level; 5 a command
        exited non-zero. The most severe class wins. 141: standard output was closed
        (`| head`), so the remote commands were cancelled.

        `chorus help SUBCOMMAND` shows a subcommand's own options.

        Examples:
          chorus -g web -b uname -r
          chorus -w 'db[1-3]' -o json 'systemctl is-active postgresql'
          chorus batch_run -h h1,h2 -g web_clusters,db_servers -cmd "df -h"
          chorus put -g web --checksum app.conf /etc/app/
          chorus get -w 'db[1-3]' /var/log/syslog ./logs     (→ ./logs/db1/syslog …)

        """
    }

    static func forSubcommand(_ subcommand: Subcommand) -> String {
        var text = "Usage: \(subcommand.usage)\n\n\(subcommand.summary)\n"
        if !subcommand.options.isEmpty {
            text += "\nOptions:\n" + table(subcommand.options.map { ($0.synopsis, $0.help) }) + "\n"
        }
        if !subcommand.details.isEmpty { text += "\n" + subcommand.details }
        text += "\nGlobal options (see chorus --help) are accepted too.\n"
        return text
    }

    /// Two aligned columns, indented by two spaces; long left cells wrap the text below.
    static func table(_ rows: [(String, String)]) -> String {
        let width = 28
        return rows.map { left, right in
            let cell = "  " + left
            if cell.count < width { return cell + String(repeating: " ", count: width - cell.count) + right }
            return cell + "\n" + String(repeating: " ", count: width) + right
        }.joined(separator: "\n")
    }
}
