#if canImport(Glibc)
import Glibc
#endif
import Broadcasting
import Diagnostics
import FoundationEssentials
import Inventory
import Posix
import SessionMux

/// An operator's defaults, `chorus.conf(5)`: `/etc/chorus/chorus.conf`, then
/// `$XDG_CONFIG_HOME/chorus/chorus.conf` (`~/.config/chorus`), each read if it exists,
/// the user's file winning. INI, read by the inventory's reader, one `[defaults]`
/// section whose keys are `:set`'s settings (and `workers`, `persist`). The values replace the
/// built-in defaults and nothing else: the inventory, the command line and `:set` all
/// outrank them (`RunSettings`), and a host-key policy joins the others' strictest.
///
/// A file that others may write (or that another user owns) is refused, as ssh refuses
/// a loose ~/.ssh/config: it could turn host-key checking off.
public enum DefaultsFile {
    /// Settings a defaults file may not hold: `sudo` would make every command run as
    /// root without a word on the command line.
    static let refusedKeys: Set<String> = ["sudo"]

    /// The files read, weakest first.
    public static func paths(_ environment: [String: String]) -> [String] {
        if let override = environment["CHORUS_CONFIG"] { return override.isEmpty || override == "none" ? [] : [override] }
        return [InventoryLocation.systemDirectory + "/chorus.conf", InventoryLocation.userDirectory(environment) + "/chorus.conf"]
    }

    /// Built-in settings with every existing defaults file applied.
    package static func settings(_ environment: [String: String]) throws(UsageError) -> RunSettings {
        var settings = RunSettings()
        for path in paths(environment) where access(path, F_OK) == 0 || environment["CHORUS_CONFIG"] == path {
            try apply(path, to: &settings)
        }
        return settings
    }

    static func apply(_ path: String, to settings: inout RunSettings) throws(UsageError) {
        let document = try read(path)
        if let section = document.sections.first(where: { $0.name != "defaults" }) {
            throw UsageError("\(path):\(section.line): unknown section [\(section.name)] (chorus.conf has one: [defaults])")
        }
        for entry in document.defaults.entries + document.sections.flatMap(\.entries) {
            try apply(entry, from: path, to: &settings)
        }
    }

    private static func apply(_ entry: IniDocument.Entry, from path: String, to settings: inout RunSettings) throws(UsageError) {
        let place = "\(path):\(entry.line)"
        let value = ShellParser.trimmed(entry.rawValue).lowercased()
        if entry.key == "audit" { return try applyAudit(value, entry, place, to: &settings) }
        if entry.key == "persist" { return try applyPersist(value, entry, place, to: &settings) }
        if entry.key == "workers" {
            guard let count = Int(value), (1...256).contains(count) else {
                throw UsageError("\(place): workers expects a whole number from 1 to 256, got '\(entry.rawValue)'")
            }
            settings.workers = count
            settings.origins["workers"] = place
            return
        }
        guard !refusedKeys.contains(entry.key) else {
            throw UsageError("\(place): \(entry.key) cannot be a default (give --\(entry.key) or :set \(entry.key) on where it is meant)")
        }
        do {
            try settings.apply(name: entry.key, value: value, source: .defaultsFile, origin: place)
        } catch {
            throw UsageError("\(place): \(error.description)")
        }
    }

    /// `audit = off`: no line in the audit trail (as `--no-audit`); `on`, the built-in value.
    private static func applyAudit(_ value: String, _ entry: IniDocument.Entry, _ place: String,
                                   to settings: inout RunSettings) throws(UsageError) {
        guard let setting = AuditSetting(rawValue: value) else {
            throw UsageError("\(place): audit expects on or off, got '\(entry.rawValue)'")
        }
        settings.auditLog = setting
        settings.origins["audit"] = place
    }

    /// `persist = 10m`: one-shot runs keep their sessions in the session mux (as `--persist`).
    private static func applyPersist(_ value: String, _ entry: IniDocument.Entry, _ place: String,
                                     to settings: inout RunSettings) throws(UsageError) {
        guard let seconds = PersistDuration.parse(value) else {
            throw UsageError("\(place): persist expects \(PersistDuration.expectation), got '\(entry.rawValue)'")
        }
        settings.persist = seconds
        settings.origins["persist"] = place
    }

    private static func read(_ path: String) throws(UsageError) -> IniDocument {
        var info = stat()
        guard stat(path, &info) == 0 else { throw UsageError("\(path): cannot read: \(String(cString: strerror(errno)))") }
        guard isTrustedConfiguration(info) else {
            throw UsageError("\(path): not read, since others may write it (chmod go-w, owned by you or root)")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UsageError("\(path): cannot read it as UTF-8 text")
        }
        do { return try IniParser.parse(text, file: path) } catch { throw UsageError(error.description) }
    }
}
