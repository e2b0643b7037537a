import Diagnostics

/// The settings `:set` changes at run time. Defaults match the command-line options'.
/// Names and values are checked against `SettingSpec.all`, a closed table; `:set`'s
/// parser uses the same table, so a line that parses is a line that applies.
public struct ShellSettings: Equatable, Sendable {
    public enum OutputMode: String, CaseIterable, Sendable { case live, gather, json }
    public enum ColorMode: String, CaseIterable, Sendable { case auto, always, never }
    public enum HostKeyPolicy: String, CaseIterable, Sendable {
        case strict, acceptNew = "accept-new", off
    }

    /// Hosts connecting at once.
    public var fanout = 64
    /// Seconds to wait for a host to connect; nil waits for ever.
    public var connectTimeout: Double? = 10
    /// Seconds a command may run; nil lets it run for ever.
    public var commandTimeout: Double?
    public var output = OutputMode.live
    /// Group hosts with identical output (as `clush -b`) when the output is live.
    public var gather = false
    public var color = ColorMode.auto
    public var hostKeyPolicy = HostKeyPolicy.acceptNew
    /// `:source` stops at the first line that fails on any host.
    public var errexit = false
    /// Commands run with a pseudo-terminal.
    public var pty = false

    public init() {}

    /// Sets `name` (dashes or underscores, any case) to `value`, or throws with a
    /// suggestion for a misspelt name or value; on error nothing changes.
    public mutating func apply(name: String, value: String) throws(ShellParseError) {
        let spec = try SettingSpec.named(name)
        guard spec.apply(&self, value) else {
            let suggestion = spec.choices.isEmpty ? nil : Suggestion.closest(to: value, among: spec.choices)
            throw ShellParseError(
                .badSettingValue(name: spec.name, expected: spec.expected, suggestion: suggestion), part: value)
        }
    }

    /// The value of one setting as `:set` shows it (`none` for no timeout).
    public func value(of name: String) throws(ShellParseError) -> String {
        try SettingSpec.named(name).read(self)
    }

    /// Every setting and its value, in table order, for `:set` alone.
    public var listing: [(name: String, value: String)] {
        SettingSpec.all.map { ($0.name, $0.read(self)) }
    }
}
