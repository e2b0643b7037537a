#if canImport(Glibc)
import Glibc
#endif
import Broadcasting
import HostPatterns
import Inventory

extension InteractiveSession {
    /// Reloads the inventory when its files changed (an edit in another window), so
    /// new hosts and groups work and complete at once. A file that no longer parses
    /// keeps the old inventory and says why, once per change. Only `stat` calls when
    /// nothing changed: completion runs this on every Tab and must never wait.
    func refreshInventory(quiet: Bool) {
        guard let location = inventoryLocation else { return }
        let stamp = InventoryStamp(location)
        guard stamp != inventoryStamp else { return }
        inventoryStamp = stamp
        let result = InventoryLoader(environment: environment).load(path: location)
        if let error = result.errors.first {
            if !quiet { console.error("inventory changed but not reloaded: \(error)") }
            return
        }
        inventory = result.inventory
        if let pattern = selectionPattern, let hosts = try? resolve(pattern) { selection = hosts }
        if !quiet { console.error("inventory reloaded (\(inventory.allHosts.count) hosts)") }
    }
}

/// What changed-or-not is judged by: each inventory file's name, size and modification
/// time (a folder's files by `InventoryLoader.fileNames`, the loader's own rule).
struct InventoryStamp: Equatable {
    private var entries: [String] = []

    init(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        // A folder's own time changes with any file in it (an editor's swap file); only
        // the files the loader reads count.
        guard info.st_mode & S_IFMT == S_IFDIR else {
            entries = [Self.entry(path, info)]
            return
        }
        guard let names = try? InventoryLoader.fileNames(inFolder: path) else { return }
        for name in names where stat(path + "/" + name, &info) == 0 {
            entries.append(Self.entry(name, info))
        }
    }

    private static func entry(_ name: String, _ info: stat) -> String {
        "\(name) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}
