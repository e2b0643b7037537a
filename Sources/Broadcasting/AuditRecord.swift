#if canImport(Glibc)
import Glibc
#endif
import HostPatterns
import Rendering
import WorkerProtocol

/// One line of the audit trail (`audit.jsonl`): who ran what on which hosts, and how it
/// ended. It holds names, the command as typed and counts, never a password, a
/// passphrase or an inventory value other than a host name; a command line that holds a
/// secret is recorded redacted (`AuditAction.command`'s caller decides, with the shell's
/// history policy).
package struct AuditRecord: Codable, Sendable, Equatable {
    /// How chorus was started: `chorus -w …` and the subcommands, the shell at a
    /// terminal, or a script (a file, or lines on standard input).
    package enum Mode: String, Codable, Sendable { case oneShot = "one-shot", shell, script }

    package struct Transfer: Codable, Sendable, Equatable {
        package var direction: String
        /// Put: local paths. Get: remote paths. As typed.
        package var sources: [String]
        package var destination: String
    }

    /// ISO 8601, UTC, milliseconds: `2026-12-06T01:02:03.456Z`.
    package var time: String
    package var user: String
    /// The terminal on standard input, nil when it is not one.
    package var tty: String?
    package var pid: Int32
    package var mode: Mode
    /// The selection as typed (`@web!web03`); nil when the shell's selection came from
    /// `@last:…` or nothing named it.
    package var pattern: String?
    /// The selected hosts, folded (`web[01-04]`), and how many.
    package var hosts: String
    package var hostCount: Int
    /// The command as typed, or `[redacted]` (then `redacted` is true); nil for a transfer.
    package var command: String?
    package var redacted: Bool?
    package var transfer: Transfer?
    package var ok: Int
    /// Failed hosts by class (`exited 1`, `timed out`, `refused`, `auth-failed`…): how
    /// many, and which (folded).
    package var failed: [String: Int]
    package var failures: [String: String]
    package var status: Int32
    package var wallSeconds: Double

    enum CodingKeys: String, CodingKey {
        case time, user, tty, pid, mode, pattern, hosts, command, redacted, transfer, ok, failed, failures, status
        case hostCount = "host_count", wallSeconds = "wall_seconds"
    }

    /// As synthesized, but `tty` and `pattern` are written as null when absent (a reader
    /// sees every field of a line); `command`, `redacted` and `transfer` only when set.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(time, forKey: .time)
        try container.encode(user, forKey: .user)
        try container.encode(tty, forKey: .tty)
        try container.encode(pid, forKey: .pid)
        try container.encode(mode, forKey: .mode)
        try container.encode(pattern, forKey: .pattern)
        try container.encode(hosts, forKey: .hosts)
        try container.encode(hostCount, forKey: .hostCount)
        try container.encodeIfPresent(command, forKey: .command)
        try container.encodeIfPresent(redacted, forKey: .redacted)
        try container.encodeIfPresent(transfer, forKey: .transfer)
        try container.encode(ok, forKey: .ok)
        try container.encode(failed, forKey: .failed)
        try container.encode(failures, forKey: .failures)
        try container.encode(status, forKey: .status)
        try container.encode(wallSeconds, forKey: .wallSeconds)
    }
}

/// What a broadcast was asked to do, as the operator typed it.
package enum AuditAction: Sendable, Equatable {
    /// `redacted`: the line holds a secret, so `text` is not kept.
    case command(String, redacted: Bool)
    case transfer(direction: String, sources: [String], destination: String)

    package static let redactedText = "[redacted]"
}

extension AuditRecord {
    /// A record of a broadcast that just ended, stamped with the time, user, terminal and
    /// process now.
    package init(mode: Mode, pattern: String?, action: AuditAction, results: [HostResult], status: ExitStatus,
                 wallSeconds: Double, environment: [String: String]) {
        time = Self.now()
        user = Self.localUser(environment)
        tty = Self.terminal()
        pid = getpid()
        self.mode = mode
        self.pattern = pattern
        hosts = HostSet(names: results.map(\.host)).description
        hostCount = Set(results.map(\.host)).count
        let failing = results.filter { !$0.outcome.isOK }
        ok = results.count - failing.count
        let byClass = Dictionary(grouping: failing) { $0.outcome.auditClass }
        failed = byClass.mapValues(\.count)
        failures = byClass.mapValues { HostSet(names: $0.map(\.host)).description }
        self.status = status.rawValue
        self.wallSeconds = (wallSeconds * 1000).rounded() / 1000
        record(action)
    }

    /// The command (its text left out when it holds a secret) or the transfer.
    private mutating func record(_ action: AuditAction) {
        switch action {
        case .command(let text, let isRedacted):
            command = isRedacted ? AuditAction.redactedText : text
            redacted = isRedacted ? true : nil
        case .transfer(let direction, let sources, let destination):
            transfer = Transfer(direction: direction, sources: sources, destination: destination)
        }
    }

    /// The effective user's login name (`getpwuid`), else `$USER`, else the uid.
    static func localUser(_ environment: [String: String]) -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return environment["USER"] ?? String(geteuid())
    }

    /// The corresponding C function is `ttyname` (of standard input).
    static func terminal() -> String? {
        guard isatty(STDIN_FILENO) == 1, let name = ttyname(STDIN_FILENO) else { return nil }
        return String(cString: name)
    }

    /// The wall clock in ISO 8601 UTC with milliseconds. The corresponding C functions are
    /// `clock_gettime(CLOCK_REALTIME)` and `gmtime_r`.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let millis = Int(spec.tv_nsec / 1_000_000)
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T"
            + "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)).\(pad(millis, 3))Z"
    }

    private static func pad(_ value: some BinaryInteger, _ width: Int = 2) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

extension HostOutcome {
    /// The class a failure is counted under: `exited N`, `killed by SIG`, `timed out`,
    /// `cancelled`, or an SSH failure's kind (`refused`, `auth-failed`; its message is
    /// left out, so hosts that failed the same way share one class).
    package var auditClass: String {
        switch self {
        case .exited(let status): "exited \(status)"
        case .signalled(let name): "killed by \(name)"
        case .timedOut: "timed out"
        case .cancelled: "cancelled"
        case .failed(let kind, _): kind
        }
    }
}
