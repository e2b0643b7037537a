import HostPatterns
import Inventory

/// Finds and loads the inventory for a subcommand: warnings go to standard error as
/// `chorus: warning: …`; errors become one line each and exit status 2.
enum InventoryLocationLoading {
    static func load(_ invocation: Invocation) throws(UsageError) -> Inventory {
        let found: InventoryLocation.Found?
        do {
            found = try InventoryLocation.find(explicit: invocation.globals.inventoryPath, environment: invocation.environment)
        } catch {
            throw UsageError(error.description)
        }
        guard let found else { return .empty }
        let result = InventoryLoader(environment: invocation.environment).load(path: found.path)
        for warning in result.warnings { invocation.console.err("chorus: warning: \(warning)\n") }
        guard let first = result.errors.first else { return result.inventory }
        for error in result.errors.dropFirst() { invocation.console.err("chorus: \(error)\n") }
        throw UsageError(first.description)
    }

    /// The username an ad-hoc host gets: `-l`, else `$USER`, else the current user.
    static func defaultUsername(_ invocation: Invocation) -> String {
        invocation.globals.user ?? InventoryLoader(environment: invocation.environment).defaultUsername
    }
}
