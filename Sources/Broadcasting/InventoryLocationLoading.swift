import HostPatterns
import Inventory

/// Finds and loads the inventory for a subcommand: warnings go to standard error as
/// `chorus: warning: …`; errors become one line each and exit status 2.
package enum InventoryLocationLoading {
    package static func load(_ context: RunContext) throws(InventoryError) -> Inventory {
        guard let found = try InventoryLocation.find(explicit: context.settings.inventoryPath, environment: context.environment) else {
            return .empty
        }
        let result = InventoryLoader(environment: context.environment).load(path: found.path)
        for warning in result.warnings { context.console.error("warning: \(warning)") }
        guard let first = result.errors.first else { return result.inventory }
        for error in result.errors.dropFirst() { context.console.error("\(error)") }
        throw first
    }

    /// The username an ad-hoc host gets: `-l`, else `$USER`, else the current user.
    package static func defaultUsername(_ context: RunContext) -> String {
        context.settings.user ?? InventoryLoader(environment: context.environment).defaultUsername
    }
}
