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

    /// `no inventory found (searched: …)` when the search finds none, else nil: what a
    /// command about the inventory says instead of listing nothing.
    package static func notFound(_ context: RunContext) -> UsageError? {
        // A named inventory that is missing is `load`'s error to report, not this one.
        do {
            guard try InventoryLocation.find(explicit: context.settings.inventoryPath, environment: context.environment) == nil else {
                return nil
            }
        } catch { return nil }
        let places = InventoryLocation.searchedPlaces(context.environment).joined(separator: ", ")
        return UsageError("no inventory found (searched: \(places))")
    }

    /// The username an ad-hoc host gets: `-l`, else `$USER`, else the current user.
    package static func defaultUsername(_ context: RunContext) -> String {
        context.settings.user ?? InventoryLoader(environment: context.environment).defaultUsername
    }
}
