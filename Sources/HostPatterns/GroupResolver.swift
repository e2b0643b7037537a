/// Where `@group`, `@*` and globs find their hosts. The inventory implements it; tests
/// use small fixed tables.
public protocol HostGroupResolver: Sendable {
    /// The members of `group` (without the `@`), or nil when no such group exists.
    func hosts(inGroup group: String) -> HostSet?
    /// Every group name, for "did you mean" suggestions.
    var groupNames: [String] { get }
    /// Every known host: what `@*` means and what globs (`web*`) are matched against.
    var allHosts: HostSet { get }
}

/// What `@last:OUTCOME` selects from the previous broadcast's results.
public enum LastOutcome: String, Sendable, CaseIterable {
    /// Hosts whose command ran and exited 0.
    case ok
    /// Every host that was not `ok`.
    case failed
    /// Hosts whose command ran and exited non-zero.
    case nonzero
    /// Hosts that failed at the SSH level (refused, unreachable, host key, auth).
    case unreachable
    /// Hosts whose command timed out, was cancelled or killed by a signal.
    case timeout
    /// Every host the previous command targeted.
    case all
}

/// Answers `@last:…`. The shell keeps the previous results and provides one; until a
/// command has run (and outside the shell) the answer is `noPreviousCommand`.
public protocol LastResultResolver: Sendable {
    func hosts(withOutcome outcome: LastOutcome) throws(PatternError) -> HostSet
}

/// The resolver before any command has run: every `@last:…` is an error.
public struct NoPreviousCommand: LastResultResolver {
    public init() {}

    public func hosts(withOutcome outcome: LastOutcome) throws(PatternError) -> HostSet {
        throw PatternError(.noPreviousCommand, part: "@last:\(outcome.rawValue)")
    }
}

/// No groups and no known hosts: patterns of plain names and ranges only.
public struct NoGroups: HostGroupResolver {
    public init() {}
    public func hosts(inGroup group: String) -> HostSet? { nil }
    public var groupNames: [String] { [] }
    public var allHosts: HostSet { HostSet() }
}

/// A fixed table of groups, for tests and simple callers.
public struct StaticGroups: HostGroupResolver {
    public let groups: [String: HostSet]
    public let allHosts: HostSet

    /// `allHosts` defaults to the union of the groups.
    public init(_ groups: [String: HostSet], allHosts: HostSet? = nil) {
        self.groups = groups
        self.allHosts = allHosts ?? groups.keys.sorted().reduce(HostSet()) { $0.union(groups[$1] ?? HostSet()) }
    }

    public func hosts(inGroup group: String) -> HostSet? { groups[group] }
    public var groupNames: [String] { groups.keys.sorted() }
}
