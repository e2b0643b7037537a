/// An INI file as configparser holds it after reading: sections in file order, each
/// with its keys (lowercased) and raw, uninterpolated values, plus `[DEFAULT]`.
/// Line numbers are kept for every key so later checks can say `file:line`.
public struct IniDocument: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let key: String
        public var rawValue: String
        public let line: Int
    }

    public struct Section: Sendable, Equatable {
        public let name: String
        public let line: Int
        public internal(set) var entries: [Entry] = []

        public func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }
    }

    public let file: String
    public internal(set) var defaults: Section
    /// Every section but `[DEFAULT]`, in file order.
    public internal(set) var sections: [Section] = []

    init(file: String) {
        self.file = file
        defaults = Section(name: "DEFAULT", line: 0)
    }

    /// Every key some `%(name)s` in the file refers to (lowercased): such keys exist to
    /// be referenced, so they are not "unknown".
    public var referencedKeys: Set<String> {
        var names = Set<String>()
        for entry in ([defaults] + sections).flatMap(\.entries) {
            var rest = Substring(entry.rawValue)
            while let percent = rest.firstIndex(of: "%") {
                rest = rest[rest.index(after: percent)...]
                guard rest.first == "(", let close = rest.firstIndex(of: ")") else { continue }
                names.insert(rest[rest.index(after: rest.startIndex)..<close].lowercased())
                rest = rest[close...]
            }
        }
        return names
    }

    /// A section's keys followed by the `[DEFAULT]` keys it does not override
    /// (configparser's `options(section)` order), with where each one was written.
    public func inheritedEntries(of section: Section) -> [Entry] {
        let own = Set(section.entries.map(\.key))
        return section.entries + defaults.entries.filter { !own.contains($0.key) }
    }
}
