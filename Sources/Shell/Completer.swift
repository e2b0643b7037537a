#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import HostPatterns
import Inventory
import Posix

/// Tab completion in the interactive shell (see `CompletionSlot` for what completes
/// where): names from the inventory as it is now on disk, paths from this machine.
struct Completer {
    let session: InteractiveSession

    func candidates(_ line: String, _ cursor: Int) -> [String] {
        ShellCompletion.candidates(String(line.prefix(cursor)), names: names, paths: Self.paths(matching:))
    }

    /// The inventory's names, reloaded first when its files changed.
    private func names() -> CompletionNames {
        session.refreshInventory(quiet: true)
        return CompletionNames(hosts: session.inventory.allHosts.names, groups: session.inventory.groupNames)
    }

    /// Entries of the word's folder that start with its last component; folders end in `/`.
    static func paths(matching word: String) -> [String] {
        let slash = word.lastIndex(of: "/")
        let folder = slash.map { String(word[...$0]) } ?? ""
        let stem = slash.map { String(word[word.index(after: $0)...]) } ?? word
        let listed = (try? Folders.names(folder.isEmpty ? "." : folder)) ?? []
        return listed.filter { $0.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map { entry in
            let path = folder + entry
            var info = stat()
            let isFolder = stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            return isFolder ? path + "/" : path
        }
    }
}
