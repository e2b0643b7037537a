@testable import Broadcasting
import Inventory
@testable import Shell
import Testing

/// `:set` on `RunSettings`: the closed table of names and values.
@Suite struct SettingsTests {
    @Test func defaultsMatchTheCommandLine() throws {
        let settings = RunSettings()
        #expect(settings.fanout == 64 && settings.connectTimeout == 10 && settings.commandTimeout == nil)
        #expect(settings.output == .live && !settings.gather && settings.color == .auto)
        #expect(settings.givenHostKeyPolicy == nil && !settings.errexit && !settings.pty)
        #expect(try settings.value(of: "host_key_policy") == "accept-new")
    }

    static let good: [(String, String, String)] = [
        ("fanout", "1", "1"), ("fanout", "500", "500"), ("connect_timeout", "2.5", "2.5"),
        ("connect_timeout", "none", "none"), ("connect-timeout", "30", "30"), ("command_timeout", "600", "600"),
        ("command_timeout", "none", "none"), ("output", "live", "live"), ("output", "gather", "gather"),
        ("output", "json", "json"), ("gather", "on", "on"), ("gather", "off", "off"), ("gather", "yes", "on"),
        ("gather", "false", "off"), ("errexit", "1", "on"), ("pty", "no", "off"), ("color", "auto", "auto"),
        ("color", "always", "always"), ("color", "never", "never"), ("host_key_policy", "strict", "strict"),
        ("host_key_policy", "accept-new", "accept-new"), ("host-key-policy", "off", "off"), ("errexit", "on", "on"),
        ("errexit", "off", "off"), ("pty", "on", "on"), ("PTY", "off", "off"), ("Fanout", "7", "7"),
    ]

    @Test(arguments: good)
    func appliesAndReadsBack(name: String, value: String, shown: String) throws {
        var settings = RunSettings()
        try settings.apply(name: name, value: value)
        #expect(try settings.value(of: name) == shown)
        #expect(try ShellParser.parse(":set \(name) \(value)") == .control(.set(name: SettingSpec.canonicalName(name), value: value)))
    }

    static let badValues: [(String, String, String, String?)] = [
        ("fanout", "0", "an integer ≥ 1", nil), ("fanout", "-3", "an integer ≥ 1", nil),
        ("fanout", "ten", "an integer ≥ 1", nil), ("fanout", "1.5", "an integer ≥ 1", nil),
        ("connect_timeout", "0", "seconds > 0 (at most 4294967) or none", nil), ("connect_timeout", "-1", "seconds > 0 (at most 4294967) or none", nil),
        ("connect_timeout", "nan", "seconds > 0 (at most 4294967) or none", nil), ("command_timeout", "inf", "seconds > 0 (at most 4294967) or none", nil),
        ("command_timeout", "never", "seconds > 0 (at most 4294967) or none", nil),
        ("command_timeout", "1e300", "seconds > 0 (at most 4294967) or none", nil), ("command_timeout", "10s", "seconds > 0 (at most 4294967) or none", nil),
        ("output", "jsno", "live | gather | json", "json"), ("output", "lvie", "live | gather | json", "live"),
        ("output", "table", "live | gather | json", nil), ("gather", "maybe", "on | off", nil),
        ("gather", "of", "on | off", "on"), ("color", "allways", "auto | always | never", "always"),
        ("host_key_policy", "accept_new", "strict | accept-new | off", "accept-new"),
        ("host_key_policy", "no", "strict | accept-new | off", nil), ("errexit", "TRUE", "on | off", nil),
        ("pty", "On", "on | off", "on"),
    ]

    @Test(arguments: badValues)
    func refusesBadValues(name: String, value: String, expected: String, suggestion: String?) {
        let error = ShellParseError(.badSettingValue(name: name, expected: expected, suggestion: suggestion), part: value)
        var settings = RunSettings()
        #expect(throws: error) { try settings.apply(name: name, value: value) }
        #expect(settings == RunSettings())
        #expect(throws: error) { try ShellParser.parse(":set \(name) \(value)") }
    }

    static let badNames: [(String, String?)] = [
        ("fanuot", "fanout"), ("fan_out", "fanout"), ("colour", "color"), ("outptu", "output"),
        ("connect_timout", "connect_timeout"), ("password", nil), ("verbose", nil),
    ]

    @Test(arguments: badNames)
    func refusesUnknownNames(name: String, suggestion: String?) {
        #expect(throws: ShellParseError(.unknownSetting(suggestion: suggestion), part: name)) {
            try ShellParser.parse(":set \(name) 1")
        }
        #expect(throws: ShellParseError(.unknownSetting(suggestion: suggestion), part: name)) {
            try ShellParser.parse(":set \(name)")
        }
    }

    @Test func messagesQuoteTheValue() {
        let error = #expect(throws: ShellParseError.self) { try ShellParser.parse(":set output jsno") }
        #expect(error?.description == "bad value 'jsno' for output (expected live | gather | json) — did you mean 'json'?")
        let name = #expect(throws: ShellParseError.self) { try ShellParser.parse(":set fanuot 3") }
        #expect(name?.description == "unknown setting 'fanuot' — did you mean 'fanout'?")
    }

    @Test func listingFollowsTheTable() throws {
        var settings = RunSettings()
        try settings.apply(name: "command_timeout", value: "90")
        let listing = settings.listing
        #expect(listing.map(\.name) == SettingSpec.names)
        #expect(listing.first { $0.name == "command_timeout" }?.value == "90")
        #expect(listing.first { $0.name == "host_key_policy" }?.value == "accept-new")
    }

    /// `:set` is a source above the command line, except for the host-key policy, where
    /// the strictest given applies and is what `:set` shows.
    @Test func setOutranksTheCommandLineButNeverWeakensItsHostKeyPolicy() throws {
        var settings = RunSettings()
        settings.hostKeyPolicies[.commandLine] = .strict
        try settings.apply(name: "host_key_policy", value: "off")
        #expect(try settings.value(of: "host_key_policy") == "strict")
        #expect(HostKeyPolicyPrecedence.effective(settings, inventory: .off) == .strict)
        var fromShell = RunSettings()
        try fromShell.apply(name: "host_key_policy", value: "accept-new")
        #expect(HostKeyPolicyPrecedence.effective(fromShell, inventory: .off) == .acceptNew, "an inventory's off does not weaken :set")
        #expect(HostKeyPolicyPrecedence.effective(RunSettings(), inventory: .off) == .off)
    }

    /// `none` is honoured (it used to fall back to the command line's 10 s), and `:set`
    /// beats a host's own inventory value as the command line does.
    @Test func connectTimeoutNoneWaitsForEverAndOutranksTheInventory() throws {
        var settings = RunSettings()
        #expect(settings.connectTimeout(inventory: 2) == 2, "a host's own value beats the built-in default")
        try settings.apply(name: "connect_timeout", value: "none")
        #expect(settings.connectTimeout(inventory: 2) == .infinity)
        #expect(try settings.value(of: "connect_timeout") == "none")
        try settings.apply(name: "connect_timeout", value: "30")
        #expect(settings.connectTimeout(inventory: 2) == 30)
    }
}
