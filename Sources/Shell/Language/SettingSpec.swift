import Broadcasting
import Diagnostics
import Inventory

/// One `:set` setting: its name, what values fit, and how to apply and show it.
public struct SettingSpec: Sendable {
    public let name: String
    /// What fits, for messages and help: `an integer ≥ 1`, `live | gather | json`.
    public let expected: String
    /// The words that fit, when they are a closed list (for did-you-mean and completion).
    public let choices: [String]
    /// Applies a value given at `source` (chorus.conf or `:set`); false when it does not
    /// fit (and then nothing changed).
    let apply: @Sendable (inout RunSettings, String, RunSettings.Source) -> Bool
    let read: @Sendable (RunSettings) -> String

    /// The table, in the order `:set` lists it.
    public static let all: [SettingSpec] = [
        SettingSpec(name: "fanout", expected: "an integer ≥ 1", choices: [], apply: { settings, value, _ in
            guard let count = Int(value), count >= 1 else { return false }
            settings.fanout = count
            return true
        }, read: { String($0.fanout) }),
        connectTimeout,
        seconds("command_timeout", \.commandTimeout),
        choice("output", \.output),
        flag("gather", \.gather),
        choice("color", \.color),
        hostKeyPolicy,
        flag("errexit", \.errexit),
        flag("pty", \.pty),
        flag("sudo", \.sudo),
        flag("adhoc", \.adHoc),
    ]

    public static var names: [String] { all.map(\.name) }

    /// The setting `name` stands for; `connect-timeout` and `CONNECT_TIMEOUT` are accepted
    /// spellings of `connect_timeout` (the command line uses dashes).
    static func named(_ name: String) throws(ShellParseError) -> SettingSpec {
        let canonical = canonicalName(name)
        guard let spec = all.first(where: { $0.name == canonical }) else {
            throw ShellParseError(.unknownSetting(suggestion: Suggestion.closest(to: canonical, among: names)), part: name)
        }
        return spec
    }

    static func canonicalName(_ name: String) -> String {
        String(name.lowercased().map { $0 == "-" ? "_" : $0 })
    }

    /// `:set` counts as a source of its own (above the command line), so a host's own
    /// inventory value stops applying; `none` waits for ever.
    private static let connectTimeout = SettingSpec(
        name: "connect_timeout", expected: secondsExpected, choices: [], apply: { settings, value, source in
            guard let seconds = value == "none" ? Double.infinity : Seconds.parse(value) else { return false }
            (settings.connectTimeout, settings.connectTimeoutSource) = (seconds, source)
            return true
        }, read: { $0.connectTimeout.isFinite ? formatSeconds($0.connectTimeout) : "none" })

    /// A security setting: what `:set` gives joins the command line's, and the
    /// strictest applies (`HostKeyPolicyPrecedence`); it shows what applies.
    private static let hostKeyPolicy: SettingSpec = {
        let choices = RunSettings.HostKeyPolicy.allCases.map(\.rawValue)
        return SettingSpec(name: "host_key_policy", expected: choices.joined(separator: " | "), choices: choices,
            apply: { settings, value, source in
                guard let policy = RunSettings.HostKeyPolicy(rawValue: value) else { return false }
                settings.hostKeyPolicies[source] = policy
                return true
            }, read: { ($0.givenHostKeyPolicy ?? .acceptNew).rawValue })
    }()

    private static let secondsExpected = "seconds > 0 (at most \(Int(Seconds.maximum))) or none"

    /// Seconds (`10`, `2.5`) or `none`.
    private static func seconds(_ name: String, _ path: any WritableKeyPath<RunSettings, Double?> & Sendable) -> SettingSpec {
        SettingSpec(name: name, expected: secondsExpected, choices: [], apply: { settings, value, _ in
            if value == "none" { settings[keyPath: path] = nil; return true }
            guard let seconds = Seconds.parse(value) else { return false }
            settings[keyPath: path] = seconds
            return true
        }, read: { settings in settings[keyPath: path].map(formatSeconds) ?? "none" })
    }

    private static func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e15 ? String(Int(seconds)) : String(seconds)
    }

    private static func flag(_ name: String, _ path: any WritableKeyPath<RunSettings, Bool> & Sendable) -> SettingSpec {
        SettingSpec(name: name, expected: "on | off", choices: ["on", "off"], apply: { settings, value, _ in
            // The words configparser's getboolean takes (as the inventory does), in
            // lower case as every other setting's words.
            switch value {
            case "on", "yes", "true", "1": settings[keyPath: path] = true
            case "off", "no", "false", "0": settings[keyPath: path] = false
            default: return false
            }
            return true
        }, read: { $0[keyPath: path] ? "on" : "off" })
    }

    private static func choice<Value: RawRepresentable<String> & CaseIterable & Sendable>(
        _ name: String, _ path: any WritableKeyPath<RunSettings, Value> & Sendable
    ) -> SettingSpec {
        let choices = Value.allCases.map(\.rawValue)
        return SettingSpec(name: name, expected: choices.joined(separator: " | "), choices: choices, apply: { settings, value, _ in
            guard let parsed = Value(rawValue: value) else { return false }
            settings[keyPath: path] = parsed
            return true
        }, read: { $0[keyPath: path].rawValue })
    }
}
