#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import HostPatterns
import Posix

/// Loads an inventory from a file (single-file layout) or a directory of `GROUP.ini`
/// files (the original tool's layout), and merges the hosts found.
///
/// Errors are collected per file: a file with an error contributes nothing, and the
/// other files still load; `Inventory.load` turns any error into a throw for callers
/// (like the command line) that must stop.
public struct InventoryLoader: Sendable {
    /// For `~` in `identity_file` (`HOME`) and the default username (`USER`).
    public var environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    public struct Result: Sendable {
        public var inventory: Inventory
        public var warnings: [InventoryWarning]
        public var errors: [InventoryError]
    }

    public func load(path: String) -> Result {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let error = InventoryError(.unreadable(reason: "no such file or directory"), file: path, line: nil)
            return Result(inventory: .empty, warnings: [], errors: [error])
        }
        let isDirectory = info.st_mode & S_IFMT == S_IFDIR
        var errors: [InventoryError] = []
        var warnings = writableWarning(isDirectory ? path : Self.folder(of: path))
        var files: [InventoryFile] = []
        for (file, group) in listFiles(path, isDirectory: isDirectory, errors: &errors) {
            do {
                let read = try readFile(file, group: group)
                warnings += read.warnings + readableSecretWarning(read) + writableWarning(file)
                files.append(read)
            } catch {
                errors.append(error)
            }
        }
        var merger = InventoryMerger(defaultUsername: defaultUsername, context: context)
        let inventory = merger.merge(files, sources: files.map(\.path))
        return Result(inventory: inventory, warnings: warnings, errors: errors + merger.errors)
    }

    /// The names of the files an inventory folder holds, as the loader reads them: every
    /// `*.ini`, sorted, hidden files skipped. The shell's change check uses the same rule.
    public static func fileNames(inFolder path: String) throws -> [String] {
        try Folders.names(path).filter { $0.hasSuffix(".ini") && !$0.hasPrefix(".") }.sorted()
    }

    /// The files to read and the group each implies: `fileNames(inFolder:)`, or the one file.
    private func listFiles(_ path: String, isDirectory: Bool, errors: inout [InventoryError]) -> [(String, String?)] {
        guard isDirectory else { return [(path, nil)] }
        do {
            let names = try Self.fileNames(inFolder: path)
            let base = path.hasSuffix("/") ? path : path + "/"
            return names.map { (base + $0, String($0.dropLast(4))) }
        } catch {
            errors.append(InventoryError(.unreadable(reason: "cannot list the directory"), file: path, line: nil))
            return []
        }
    }

    private func readFile(_ path: String, group: String?) throws(InventoryError) -> InventoryFile {
        if let group { _ = try Names.checkGroups([group], file: path, line: nil) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InventoryError(.unreadable(reason: "permission denied or not a regular file"), file: path, line: nil)
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw InventoryError(.notUTF8, file: path, line: nil)
        }
        return try InventoryFile.read(path: path, text: text, impliedGroup: group, context: context)
    }

    /// A file holding a password or passphrase that group or others can read.
    private func readableSecretWarning(_ file: InventoryFile) -> [InventoryWarning] {
        var info = stat()
        guard file.holdsSecret, stat(file.path, &info) == 0, info.st_mode & 0o044 != 0 else { return [] }
        let message = "holds a password or passphrase and is readable by "
            + (info.st_mode & 0o004 != 0 ? "others" : "its group") + "; fix with: chmod 600 \(file.path)"
        return [InventoryWarning(file: file.path, line: nil, message: message)]
    }

    /// A file or folder that its group or others can write. Whoever can write the
    /// inventory can point a host's `hostname` at a machine of theirs and collect the
    /// password sent to it, so this matters with or without secrets in the file. A
    /// folder with the sticky bit (`/tmp`) is fine: others cannot replace what is ours.
    private func writableWarning(_ path: String) -> [InventoryWarning] {
        var info = stat()
        guard lstat(path, &info) == 0 else { return [] }
        let mode = Int(info.st_mode)
        let isFolder = mode & Int(S_IFMT) == Int(S_IFDIR)
        guard mode & 0o022 != 0, !(isFolder && mode & Int(S_ISVTX) != 0) else { return [] }
        let who = mode & 0o002 != 0 ? "others" : "its group"
        let message = "can be written by \(who): whoever can write the inventory can send chorus (and your passwords) "
            + "to hosts of their choosing; fix with: chmod go-w \(path)"
        return [InventoryWarning(file: path, line: nil, message: message)]
    }

    /// The folder holding `path` (`.` for a bare name).
    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `$USER`, else the name of the user running Chorus.
    public var defaultUsername: String {
        if let user = environment["USER"], !user.isEmpty { return user }
        return SystemUsers.currentName() ?? "root"
    }

    var context: FieldContext {
        FieldContext(home: environment["HOME"] ?? SystemUsers.home(of: nil), homeOfUser: { SystemUsers.home(of: $0) })
    }
}
