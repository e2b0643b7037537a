#if canImport(Glibc)
import Glibc
#endif
import Broadcasting
import Rendering

extension Subcommands {
    /// `chorus log`: the last entries of the audit trail.
    static let log = Subcommand(
        name: "log", summary: "show the last commands and transfers from the audit trail",
        usage: "chorus log [-n N] [--json]",
        options: [
            OptionSpec(["-n"], key: "count", value: "N", help: "how many entries, newest last (default: 20)"),
            OptionSpec(["--json"], key: "json", help: "the entries' JSON lines as stored"),
        ],
        details: """
            Every broadcast and transfer (one-shot, each command line of the shell and of
            scripts) appends one JSON line to $XDG_STATE_HOME/chorus/audit.jsonl (default
            ~/.local/state/chorus/audit.jsonl), rotated to audit.jsonl.1 … .3 past
            $CHORUS_AUDIT_MAX_BYTES (default 10 MiB). --no-audit or CHORUS_AUDIT=off writes none.
            Each entry shows: local time, user, hosts, command, outcome, exit status.

            """,
        run: LogCommand.run)
}

/// The `log` subcommand: one readable line per entry, or the raw JSON lines.
enum LogCommand {
    static let defaultCount = 20
    /// Characters of the folded hosts shown before they are cut.
    static let hostsWidth = 32

    static func run(_ invocation: Invocation) throws -> ExitStatus {
        if let extra = invocation.positionals.first { throw UsageError("log takes no arguments, got '\(extra)'") }
        let count = try count(invocation.value("count"))
        guard let location = AuditLocation(environment: invocation.environment) else {
            throw UsageError("no audit trail: neither XDG_STATE_HOME nor HOME is set")
        }
        let read = AuditReader.last(count, in: location)
        for warning in read.warnings { invocation.console.error("warning: \(warning)") }
        if read.entries.isEmpty && read.warnings.isEmpty { invocation.console.error("note: no entries in \(location.file)") }
        let json = invocation.flag("json")
        invocation.console.out(read.entries.map { (json ? $0.line : line($0.record)) + "\n" }.joined())
        return .ok
    }

    private static func count(_ text: String?) throws(UsageError) -> Int {
        guard let text else { return defaultCount }
        guard let number = Int(text), number >= 1 else { throw UsageError("option -n expects a whole number of at least 1, got '\(text)'") }
        return number
    }

    /// `2026-12-06 01:02:03  alice  web[01-04]  uptime  ok 3 · exited 1: web04  exit 5`.
    static func line(_ record: AuditRecord) -> String {
        let hosts = record.hosts.count <= hostsWidth ? record.hosts : record.hosts.prefix(hostsWidth - 1) + "…"
        let parts = [localTime(record.time), record.user, String(hosts), what(record), outcome(record), "exit \(record.status)"]
        // Control characters (a newline in a command, an escape sequence) shown escaped,
        // as live output shows them: an entry is one line and cannot drive the terminal.
        return parts.map(TerminalText.escaped).joined(separator: "  ")
    }

    /// The command, or `put a.conf → /etc/app/`.
    static func what(_ record: AuditRecord) -> String {
        if let transfer = record.transfer {
            return "\(transfer.direction) \(transfer.sources.joined(separator: " ")) → \(transfer.destination)"
        }
        return record.command ?? ""
    }

    /// `ok 12 · exited 1: web[03-04]`, classes sorted by name.
    static func outcome(_ record: AuditRecord) -> String {
        let classes = record.failures.keys.sorted().map { "\($0): \(record.failures[$0] ?? "")" }
        return (["ok \(record.ok)"] + classes).joined(separator: " · ")
    }

    /// `2026-12-06T01:02:03.456Z` in the local time zone, `2026-12-06 02:02:03`; the text
    /// as stored when it is not such a time. The C functions are `timegm` and `localtime_r`.
    static func localTime(_ iso: String) -> String {
        let digits = iso.split { !$0.isNumber }.compactMap { Int($0) }
        guard digits.count >= 6, iso.hasSuffix("Z") else { return iso }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday) = (Int32(digits[0] - 1900), Int32(digits[1] - 1), Int32(digits[2]))
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = (Int32(digits[3]), Int32(digits[4]), Int32(digits[5]))
        var seconds = timegm(&parts)
        var local = tm()
        guard localtime_r(&seconds, &local) != nil else { return iso }
        return "\(local.tm_year + 1900)-\(pad(local.tm_mon + 1))-\(pad(local.tm_mday)) "
            + "\(pad(local.tm_hour)):\(pad(local.tm_min)):\(pad(local.tm_sec))"
    }

    private static func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
