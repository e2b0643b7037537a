import Broadcasting
import Diagnostics
import Inventory

/// What `:set` does to the run's settings. Names and values are checked against
/// `SettingSpec.all`, a closed table; `:set`'s parser uses the same table, so a line
/// that parses is a line that applies.
extension RunSettings {
    /// Sets `name` (dashes or underscores, any case) to `value`, or throws with a
    /// suggestion for a misspelt name or value; on error nothing changes.
    public mutating func apply(name: String, value: String, source: Source = .shell, origin: String = ":set")
        throws(ShellParseError)
    {
        let spec = try SettingSpec.named(name)
        guard spec.apply(&self, value, source) else {
            let suggestion = spec.choices.isEmpty ? nil : Suggestion.closest(to: value, among: spec.choices)
            throw ShellParseError(
                .badSettingValue(name: spec.name, expected: spec.expected, suggestion: suggestion), part: value)
        }
        origins[spec.name] = origin
    }

    /// The value of one setting as `:set` shows it (`none` for no timeout), which is
    /// the value that applies: a host-key policy weaker than the command line's shows
    /// the command line's.
    public func value(of name: String) throws(ShellParseError) -> String {
        try SettingSpec.named(name).read(self)
    }

    /// Every setting, its value and where it came from, in table order, for `:set` alone.
    public var listing: [(name: String, value: String, origin: String)] {
        SettingSpec.all.map { ($0.name, $0.read(self), origins[$0.name] ?? "built in") }
    }
}
