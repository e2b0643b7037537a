#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials

/// Where the inventory is found, first match wins:
///
/// 1. `-i PATH` (a file or a directory) — must exist;
/// 2. `$CHORUS_INVENTORY` (a file or a directory) — must exist when set and non-empty;
/// 3. `$XDG_CONFIG_HOME/chorus/inventory.ini`, then `$XDG_CONFIG_HOME/chorus/inventory.d/`
///    (`$XDG_CONFIG_HOME` defaults to `~/.config`);
/// 4. `/etc/chorus/inventory.ini`, then `/etc/chorus/inventory.d/`;
/// 5. none: no inventory, ad-hoc hosts only.
///
/// A named path that is missing is an error (a typo must not silently mean "no hosts");
/// the search-path places are simply skipped when absent.
public enum InventoryLocation {
    public enum Origin: String, Sendable, Equatable {
        case option = "-i"
        case environment = "$CHORUS_INVENTORY"
        case user = "user configuration"
        case system = "system configuration"
    }

    public struct Found: Sendable, Equatable {
        public let path: String
        public let origin: Origin
    }

    /// The file names looked for in each configuration directory, in order.
    public static let candidateNames = ["inventory.ini", "inventory.d"]
    public static let systemDirectory = "/etc/chorus"

    /// - Parameter exists: whether a path exists (injected so tests need no real files).
    public static func find(
        explicit: String?, environment: [String: String], exists: (String) -> Bool = defaultExists
    ) throws(InventoryError) -> Found? {
        if let explicit {
            guard exists(explicit) else { throw missing(explicit, "given with -i") }
            return Found(path: explicit, origin: .option)
        }
        if let variable = environment["CHORUS_INVENTORY"], !variable.isEmpty {
            guard exists(variable) else { throw missing(variable, "named by $CHORUS_INVENTORY") }
            return Found(path: variable, origin: .environment)
        }
        for (directory, origin) in [(userDirectory(environment), Origin.user), (systemDirectory, .system)] {
            for name in candidateNames where exists(directory + "/" + name) {
                return Found(path: directory + "/" + name, origin: origin)
            }
        }
        return nil
    }

    /// Every place the search looks, in order, for the message when none has an inventory.
    public static func searchedPlaces(_ environment: [String: String]) -> [String] {
        ["-i PATH", "$CHORUS_INVENTORY"]
            + [userDirectory(environment), systemDirectory].flatMap { directory in candidateNames.map { directory + "/" + $0 } }
    }

    /// `$XDG_CONFIG_HOME/chorus`, or `~/.config/chorus`.
    public static func userDirectory(_ environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/chorus" }
        let home = environment["HOME"] ?? SystemUsers.home(of: nil) ?? "/"
        return (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.config/chorus"
    }

    public static func defaultExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    private static func missing(_ path: String, _ how: String) -> InventoryError {
        InventoryError(.unreadable(reason: "no such file or directory (inventory \(how))"), file: path, line: nil)
    }
}
