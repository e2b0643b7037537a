import Diagnostics

/// A problem in an inventory file, always with the file and (when there is one) the
/// line, so it prints as `file:line: what is wrong` — one line, as DESIGN.md asks.
public struct InventoryError: InputError, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// Text before the first `[section]` (configparser's MissingSectionHeaderError).
        case missingSectionHeader
        /// configparser's DuplicateSectionError (strict mode).
        case duplicateSection(String)
        /// configparser's DuplicateOptionError (strict mode).
        case duplicateOption(section: String, key: String)
        /// A line that is neither a header, a `key = value` nor a comment (ParsingError):
        /// includes keys without a value, which configparser refuses by default.
        case notKeyValue(String)
        /// The same, for a line whose first word names a secret: only that word is kept.
        case notKeyValueHidingSecret(firstWord: String)
        /// `= value`: a delimiter with no key before it (also a ParsingError).
        case emptyKey
        /// `%(name)s` naming no key of the section or `[DEFAULT]`.
        case interpolationMissing(key: String, reference: String)
        /// A `%` that is neither `%%` nor `%(name)s`.
        case interpolationSyntax(key: String, detail: String)
        /// References nested more than 10 deep (usually a loop).
        case interpolationDepth(key: String)
        /// A value Chorus cannot use (`port = 70000`).
        case badValue(key: String, value: String, reason: String)
        /// A section name that cannot be a host name, or a bad group name.
        case badName(String, reason: String)
        /// The same host setting with two different values in two places.
        case conflict(host: String, key: String, otherFile: String, otherLine: Int?)
        /// The file or directory cannot be read.
        case unreadable(reason: String)
        /// Bytes that are not UTF-8.
        case notUTF8
    }

    public let kind: Kind
    public let file: String
    public let line: Int?

    public init(_ kind: Kind, file: String, line: Int?) {
        self.kind = kind
        self.file = file
        self.line = line
    }

    public var description: String { "\(file)" + (line.map { ":\($0)" } ?? "") + ": " + message }

    public var message: String {
        switch kind {
        case .missingSectionHeader: "text before the first [section] header"
        case .duplicateSection(let name): "section [\(name)] appears twice"
        case .duplicateOption(let section, let key): "key '\(key)' appears twice in section [\(section)]"
        case .notKeyValue(let text): "expected 'key = value', a [section] or a comment, found '\(text)'"
        case .notKeyValueHidingSecret(let word):
            "expected 'key = value', a [section] or a comment; this line starts with '\(word)' and is not shown (it may hold a secret)"
        case .emptyKey: "a value without a key before '=' or ':'"
        case .interpolationMissing(let key, let reference):
            "'\(key)' refers to %(\(reference))s, but no key '\(reference)' is in this section or [DEFAULT]"
        case .interpolationSyntax(let key, let detail): "bad '%' in '\(key)': \(detail) (write %% for a literal %)"
        case .interpolationDepth(let key): "'\(key)': %(…)s references nested more than 10 deep (a loop?)"
        case .badValue(let key, let value, let reason): "bad \(key) '\(value)': \(reason)"
        case .badName(let name, let reason): "'\(name)' \(reason)"
        case .conflict(let host, let key, let otherFile, let otherLine):
            "host '\(host)' has two different values for '\(key)' (other one at \(otherFile)"
                + (otherLine.map { ":\($0)" } ?? "") + ")"
        case .unreadable(let reason): "cannot read: \(reason)"
        case .notUTF8: "not UTF-8 text"
        }
    }
}

/// Something worth telling the operator that does not stop the inventory from loading.
/// Returned as a value: the library never prints.
public struct InventoryWarning: Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { file + (line.map { ":\($0)" } ?? "") + ": " + message }
}
