// Inventory: reads INI host files the way Python's configparser reads them, in both
// layouts (a directory of GROUP.ini files, or one file whose hosts name their groups),
// and resolves each host's connection settings.
import Diagnostics
import HostPatterns

/// The hosts and groups Chorus knows, and the way from a pattern to resolved hosts.
public struct Inventory: Sendable, HostGroupResolver {
    public let hosts: [String: ResolvedHost]
    public let groups: [String: HostSet]
    /// The files read, in order.
    public let sources: [String]

    public static let empty = Inventory(hosts: [:], groups: [:], sources: [])

    public init(hosts: [String: ResolvedHost], groups: [String: HostSet], sources: [String]) {
        self.hosts = hosts
        self.groups = groups
        self.sources = sources
        self.allHosts = HostSet(names: hosts.keys.sorted())
    }

    /// Loads `path` (file or directory); throws the first error of any file.
    public static func load(path: String, environment: [String: String]) throws(InventoryError)
        -> (inventory: Inventory, warnings: [InventoryWarning])
    {
        let result = InventoryLoader(environment: environment).load(path: path)
        if let error = result.errors.first { throw error }
        return (result.inventory, result.warnings)
    }

    // MARK: HostGroupResolver

    public func hosts(inGroup group: String) -> HostSet? { groups[group] }
    public var groupNames: [String] { groups.keys.sorted() }
    public let allHosts: HostSet

    // MARK: Selection

    /// Why a pattern selects nothing usable.
    public enum SelectionError: InputError, Equatable {
        case pattern(PatternError)
        /// A name that is neither in the inventory nor a usable `user@host:port`.
        case badAdHocHost(String)

        public var description: String {
            switch self {
            case .pattern(let error): error.description
            case .badAdHocHost(let name): "'\(name)' is not in the inventory and is not a usable user@host:port"
            }
        }
    }

    /// The hosts a pattern names, in host-set order: inventory hosts as configured,
    /// other names as ad-hoc hosts, each once. No pattern means every inventory host.
    /// (A host set can spell one name twice: `n[-5],n-5` is `n-5` with a negative index
    /// and `n-5` with index 5, two names to ClusterShell, one host to connect to.)
    public func select(
        _ pattern: String?, defaultUsername: String, lastResults: any LastResultResolver = NoPreviousCommand()
    ) throws(SelectionError) -> (set: HostSet, hosts: [ResolvedHost]) {
        let set: HostSet
        if let pattern {
            do { set = try PatternParser(groups: self, lastResults: lastResults).parse(pattern) } catch { throw .pattern(error) }
        } else {
            set = allHosts
        }
        var selected: [ResolvedHost] = []
        var seen: Set<String> = []
        for name in set.names where seen.insert(name).inserted {
            if let host = hosts[name] {
                selected.append(host)
            } else if let host = ResolvedHost(adHoc: name, defaultUsername: defaultUsername) {
                selected.append(host)
            } else {
                throw .badAdHocHost(name)
            }
        }
        return (set, selected)
    }
}
