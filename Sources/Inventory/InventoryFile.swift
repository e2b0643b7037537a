import Diagnostics
import HostPatterns

/// What one inventory file says, checked, before it is merged with the other files.
/// A file with any error contributes nothing (configparser raising means nothing is
/// loaded from that file).
struct InventoryFile {
    /// How strongly a setting binds, lowest first. A higher level overrides a lower
    /// one silently; two different values at the same level are a conflict.
    enum Level: Int, Comparable {
        /// Inherited from a file's `[DEFAULT]`.
        case fileDefault
        /// From a `[group:NAME]` section of a group the host is in.
        case group
        /// Written in the host's own section.
        case host

        static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Setting {
        let field: HostField
        let value: String
        let level: Level
        let file: String
        let line: Int
    }

    struct HostSection {
        let name: String
        var settings: [Setting] = []
        var groups: [String] = []
    }

    let path: String
    var hosts: [HostSection] = []
    /// `[group:NAME]` settings by group name (each setting's level is `.group`).
    var groupSettings: [String: [Setting]] = [:]
    var warnings: [InventoryWarning] = []
    /// Whether any section, `[DEFAULT]` included, sets a password or passphrase: such a
    /// file must not be readable by others.
    var holdsSecret = false

    /// Reads and checks one file. `impliedGroup` is the group of a `GROUP.ini` file in
    /// the directory layout.
    static func read(path: String, text: String, impliedGroup: String?, context: FieldContext) throws(InventoryError)
        -> InventoryFile
    {
        let document = try IniParser.parse(text, file: path)
        var file = InventoryFile(path: path)
        file.holdsSecret = ([document.defaults] + document.sections).contains { section in
            section.entries.contains { HostField(rawValue: $0.key)?.isSecret ?? false }
        }
        var unknownWarned = Set<Int>()
        let referenced = document.referencedKeys
        for section in document.sections {
            if let group = section.name.groupSectionName {
                try file.readGroupSection(section, group: group, document: document, context: context)
            } else {
                try file.readHostSection(section, impliedGroup: impliedGroup, document: document, context: context,
                                         referenced: referenced, unknownWarned: &unknownWarned)
            }
        }
        file.warnings.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        return file
    }

    private mutating func readHostSection(
        _ section: IniDocument.Section, impliedGroup: String?, document: IniDocument, context: FieldContext,
        referenced: Set<String>, unknownWarned: inout Set<Int>
    ) throws(InventoryError) {
        try Names.checkHost(section.name, file: path, line: section.line)
        var host = HostSection(name: section.name, groups: impliedGroup.map { [$0] } ?? [])
        let values = try document.values(of: section)
        let own = Set(section.entries.map(\.key))
        for (key, value, line) in values {
            guard let field = HostField(rawValue: key) else {
                if !referenced.contains(key), unknownWarned.insert(line).inserted { warnUnknown(key, line: line) }
                continue
            }
            try check(field, value, line: line, context: context)
            if field == .groups {
                host.groups += try Names.checkGroups(HostField.groupList(value), file: path, line: line)
            } else {
                host.settings.append(Setting(field: field, value: value, level: own.contains(key) ? .host : .fileDefault,
                                             file: path, line: line))
            }
        }
        hosts.append(host)
    }

    private mutating func readGroupSection(
        _ section: IniDocument.Section, group: String, document: IniDocument, context: FieldContext
    ) throws(InventoryError) {
        _ = try Names.checkGroups([group], file: path, line: section.line)
        let own = Set(section.entries.map(\.key))
        var settings = groupSettings[group] ?? []
        for (key, value, line) in try document.values(of: section) where own.contains(key) {
            guard let field = HostField(rawValue: key) else { warnUnknown(key, line: line); continue }
            guard field != .groups else {
                throw InventoryError(.badValue(key: key, value: value, reason: "a group cannot be in other groups"),
                                     file: path, line: line)
            }
            try check(field, value, line: line, context: context)
            settings.append(Setting(field: field, value: value, level: .group, file: path, line: line))
        }
        groupSettings[group] = settings
    }

    /// Applies the value to a scratch host: the same code that builds real hosts.
    private func check(_ field: HostField, _ value: String, line: Int, context: FieldContext) throws(InventoryError) {
        var scratch = ResolvedHost(name: "check", hostname: "check", username: "check")
        do {
            try field.apply(value, to: &scratch, context: context)
        } catch {
            let shown = field.isSecret ? "<redacted>" : value
            throw InventoryError(.badValue(key: field.rawValue, value: shown, reason: error.reason), file: path, line: line)
        }
    }

    private mutating func warnUnknown(_ key: String, line: Int) {
        let suggestion = Suggestion.closest(to: key, among: HostField.names)
        let message = "unknown key '\(key)'" + (suggestion.map { " — did you mean '\($0)'?" } ?? "")
        warnings.append(InventoryWarning(file: path, line: line, message: message))
    }
}

extension String {
    /// `NAME` for a `[group:NAME]` section header.
    var groupSectionName: String? {
        hasPrefix("group:") ? String(dropFirst("group:".count)) : nil
    }
}

/// What host and group names may contain: nothing that host patterns give a meaning to.
enum Names {
    static let reserved: Set<Character> = [",", "!", "&", "^", "[", "]", "@", "*", "?", ":", "%"]

    static func checkHost(_ name: String, file: String, line: Int) throws(InventoryError) {
        if let reason = problem(with: name) {
            let hint = name.contains(":") ? " (group settings go in [group:NAME])" : ""
            throw InventoryError(.badName(name, reason: "is not a valid host name: \(reason)\(hint)"), file: file, line: line)
        }
    }

    static func checkGroups(_ names: [String], file: String, line: Int?) throws(InventoryError) -> [String] {
        for name in names {
            if let reason = problem(with: name) {
                throw InventoryError(.badName(name, reason: "is not a valid group name: \(reason)"), file: file, line: line)
            }
        }
        return names
    }

    private static func problem(with name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if let bad = name.first(where: { reserved.contains($0) }) { return "'\(bad)' has a meaning in host patterns" }
        if name.contains(where: \.isWhitespace) { return "it contains blanks" }
        return nil
    }
}
