import Diagnostics

/// A host pattern that cannot be turned into hosts. Keeps the faulty part of the input
/// (as ClusterShell's `NodeSetParseError.part` does) so messages can quote it and the
/// shell can point at it.
public struct PatternError: InputError, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The whole pattern (or a group's member list) is empty or blank.
        case emptyPattern
        /// An operator (`,` `!` `&` `^`) with nothing on one side of it.
        case missingOperand(Character)
        /// `[` without its `]`.
        case missingBracket
        /// `]` without an opening `[`.
        case illegalClosingBracket
        /// `[...][...]`: two ranges with nothing between them.
        case illegalReopeningBracket
        /// Something that is not a host name at all (e.g. only blanks between operators).
        case badName
        /// A range inside brackets that cannot be read; `reason` says why.
        case badRange(reason: String)
        /// The pattern would name more hosts than `limit`; refused before expanding it.
        case tooManyHosts(count: Int, limit: Int)
        /// `@group` that the inventory does not define; `suggestion` is the closest known group.
        case unknownGroup(suggestion: String?)
        /// `@source:group` with a source other than the reserved `last`.
        case unknownGroupSource
        /// `@last:WHAT` where WHAT is not one of `LastOutcome`'s names.
        case unknownLastOutcome(suggestion: String?)
        /// `@last:…` before any command has run in this session.
        case noPreviousCommand
    }

    public let kind: Kind
    /// The faulty part of the input, quoted in the message.
    public let part: String

    public init(_ kind: Kind, part: String) {
        self.kind = kind
        self.part = part
    }

    /// One line, quoting the bad part: `bad range '5-1' (start is after end)`.
    public var description: String {
        switch kind {
        case .emptyPattern: "empty host pattern"
        case .missingOperand(let op): "missing host pattern on one side of '\(op)' in '\(part)'"
        case .missingBracket: "missing ']' in '\(part)'"
        case .illegalClosingBracket: "unexpected ']' in '\(part)'"
        case .illegalReopeningBracket: "'[' right after ']' in '\(part)' (write a name part between ranges)"
        case .badName: "not a host name: '\(part)'"
        case .badRange(let reason): "bad range '\(part)': \(reason)"
        case .tooManyHosts(let count, let limit):
            "'\(part)' names \(Self.countText(count)) hosts, more than the limit of \(limit)"
        case .unknownGroup(let suggestion): "unknown group '\(part)'" + Self.didYouMean(suggestion)
        case .unknownGroupSource: "unknown group source in '\(part)' (only '@last:…' is reserved)"
        case .unknownLastOutcome(let suggestion):
            "unknown outcome in '\(part)' (one of: \(LastOutcome.allCases.map(\.rawValue).joined(separator: ", ")))"
                + Self.didYouMean(suggestion)
        case .noPreviousCommand: "'\(part)': no previous command in this session"
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { " — did you mean '\($0)'?" } ?? ""
    }

    private static func countText(_ count: Int) -> String {
        count == Int.max ? "too many" : "\(count)"
    }
}
