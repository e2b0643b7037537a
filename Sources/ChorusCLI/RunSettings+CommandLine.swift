import Broadcasting
import Diagnostics
import Inventory
import SessionMux

/// The global options: `chorus -i inv hosts @web` and `chorus hosts -i inv @web` are one
/// command. Each one sets a field of `RunSettings`.
extension RunSettings {
    static let specs: [OptionSpec] = [
        OptionSpec(["-i", "--inventory"], key: "inventory", value: "PATH", completes: .files,
                   help: "inventory file or directory (default: $CHORUS_INVENTORY, then the search path)"),
        OptionSpec(["--known-hosts"], key: "known-hosts", value: "FILE", completes: .files,
                   help: "known_hosts file to check and record host keys (default: $CHORUS_KNOWN_HOSTS, else ~/.ssh/known_hosts)"),
        OptionSpec(["--host-key-policy"], key: "host-key-policy", value: "POLICY", completes: .choices(of: HostKeyPolicy.self),
                   help: "strict | accept-new | off (default: accept-new, as OpenSSH)"),
        OptionSpec(["-J", "--jump"], key: "jump", value: "HOST[,HOST…]", completes: .bastions,
                   help: "reach every host through these bastions, in order (ProxyJump); none: directly"),
        OptionSpec(["--gateway"], key: "gateway", value: "HOST[,HOST…]", completes: .bastions,
                   help: "run each host's commands on a worker on one of these gateways; none: from here"),
        OptionSpec(["-l", "--user"], key: "user", value: "USER", completes: .users, help: "log in as USER on every host"),
        OptionSpec(["-A", "--ask-password"], key: "ask-password",
                   help: "ask once per user for the password of hosts that have none (on the terminal, echo off)"),
        OptionSpec(["-f", "--fanout"], key: "fanout", value: "N", help: "hosts connecting at once (default: \(RunSettings.defaultFanout))"),
        OptionSpec(["-t", "--connect-timeout"], key: "connect-timeout", value: "SECONDS",
                   help: "give up connecting to a host after SECONDS (default: 10)"),
        OptionSpec(["-u", "--command-timeout"], key: "command-timeout", value: "SECONDS",
                   help: "stop a command still running after SECONDS (default: none)"),
        OptionSpec(["--keepalive"], key: "keepalive", value: "SECONDS",
                   help: "probe each host every SECONDS; three unanswered probes drop it (default: 15)"),
        OptionSpec(["-o", "--output"], key: "output", value: "MODE", completes: .choices(of: OutputMode.self),
                   help: "live | gather | json (default: live)"),
        OptionSpec(["--color"], key: "color", value: "WHEN", completes: .choices(of: ColorMode.self),
                   help: "auto | always | never (default: auto; NO_COLOR honoured)"),
        OptionSpec(["--output-memory"], key: "output-memory", value: "MIB",
                   help: "output kept in memory for all hosts; more goes to a temporary file (default: 256)"),
        OptionSpec(["-F", "--ssh-config"], key: "ssh-config", value: "FILE", completes: .files,
                   help: "OpenSSH client configuration to read (default: ~/.ssh/config, then /etc/ssh/ssh_config; none: none)"),
        OptionSpec(["-O", "--ssh-option"], key: "ssh-option", value: "KEY=VALUE",
                   help: "an OpenSSH option, as if first in the configuration (repeatable; e.g. -O Port=2222)"),
        OptionSpec(["--sudo"], key: "sudo",
                   help: "run commands as root through sudo (password asked once; $CHORUS_SUDO_PASSWORD without a terminal)"),
        OptionSpec(["--persist"], key: "persist", value: "DURATION",
                   help: "keep the sessions open in the background for later runs until idle for DURATION (10m, 1h; no: never)"),
        OptionSpec(["--no-audit"], key: "no-audit",
                   help: "write no line to the audit trail (~/.local/state/chorus/audit.jsonl; also CHORUS_AUDIT=off)"),
    ]

    /// Applies the global options found by the scanner; other keys are left to the mode.
    mutating func apply(_ options: [ParsedOption]) throws(UsageError) {
        for option in options {
            if option.key == "sudo" { sudo = true }
            if option.key == "ask-password" { askPassword = true }
            if Self.settingNames.contains(option.key) { origins[option.key.replacing("-", with: "_")] = "command line" }
            if option.key == "no-audit" { auditLog = .off }
            guard let value = option.value else { continue }
            try apply(key: option.key, spelling: option.spelling, value: value)
        }
    }

    /// Options that are also `:set` settings (with `-` for `_`), whose origin `:set` shows.
    static let settingNames: Set<String> = ["fanout", "connect-timeout", "command-timeout", "output", "color", "host-key-policy", "sudo"]

    private mutating func apply(key: String, spelling: String, value: String) throws(UsageError) {
        switch key {
        case "inventory": inventoryPath = try Self.nonEmpty(value, spelling)
        case "known-hosts": knownHostsPath = try Self.nonEmpty(value, spelling)
        case "host-key-policy": hostKeyPolicies[.commandLine] = try Self.choice(value, spelling) as HostKeyPolicy
        case "user": user = try Self.nonEmpty(value, spelling)
        case "jump": proxyJump = try Self.jumps(value, spelling)
        case "gateway": gateways = try Self.jumps(value, spelling, noun: "gateway")
        case "fanout": fanout = try Self.count(value, spelling)
        case "connect-timeout": (connectTimeout, connectTimeoutSource) = (try Self.seconds(value, spelling), .commandLine)
        case "command-timeout": commandTimeout = try Self.seconds(value, spelling)
        case "keepalive": (keepalive, keepaliveSource) = (try Self.seconds(value, spelling), .commandLine)
        case "ssh-config": sshConfigFile = try Self.nonEmpty(value, spelling)
        case "ssh-option": sshOptions.append(try Self.nonEmpty(value, spelling))
        case "output": output = try Self.choice(value, spelling)
        case "color": color = try Self.choice(value, spelling)
        case "output-memory": outputMemoryMiB = try Self.mebibytes(value, spelling)
        case "persist":
            guard let seconds = PersistDuration.parse(value) else {
                throw UsageError("option \(spelling) expects \(PersistDuration.expectation), got '\(value)'")
            }
            persist = seconds
            origins["persist"] = "command line"
        default: break
        }
    }

    private static func nonEmpty(_ value: String, _ spelling: String) throws(UsageError) -> String {
        guard !value.isEmpty else { throw UsageError("option \(spelling) needs a non-empty value") }
        return value
    }

    private static func jumps(_ value: String, _ spelling: String, noun: String = "bastion") throws(UsageError) -> [String] {
        do {
            return try ProxyJumpList.parse(value, noun: noun)
        } catch {
            throw UsageError("option \(spelling) expects none or HOST[,HOST…]: \(error.reason)")
        }
    }

    private static func count(_ value: String, _ spelling: String) throws(UsageError) -> Int {
        guard let number = Int(value), number >= 1 else {
            throw UsageError("option \(spelling) expects a whole number of at least 1, got '\(value)'")
        }
        return number
    }

    /// A whole number of MiB, at least 1 and small enough to count in bytes.
    private static func mebibytes(_ value: String, _ spelling: String) throws(UsageError) -> Int {
        guard let number = Int(value), number >= 1, number <= 1 << 30 else {
            throw UsageError("option \(spelling) expects a whole number of MiB from 1 to 1073741824, got '\(value)'")
        }
        return number
    }

    private static func seconds(_ value: String, _ spelling: String) throws(UsageError) -> Double {
        guard let number = Seconds.parse(value) else {
            throw UsageError("option \(spelling) expects \(Seconds.expectation), got '\(value)'")
        }
        return number
    }

    private static func choice<T: RawRepresentable & CaseIterable>(_ value: String, _ spelling: String) throws(UsageError) -> T
    where T.RawValue == String {
        if let match = T(rawValue: value) { return match }
        let names = T.allCases.map(\.rawValue)
        throw UsageError("option \(spelling) expects one of \(names.joined(separator: ", ")), got '\(value)'")
    }
}
