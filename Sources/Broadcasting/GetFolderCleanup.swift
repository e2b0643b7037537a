#if canImport(Glibc)
import Glibc
#endif
import JobDispatch
import Rendering
import WorkerProtocol

/// A get makes `DEST/HOST/` for each host as it starts; a host that then fails (refused,
/// no such file) would leave an empty folder that looks like a copy of nothing. The
/// folders that did not exist before the run, and are still empty after a host failed,
/// are removed. Folders that held anything, or existed already, are left alone.
struct GetFolderCleanup {
    private let folders: [String: String]

    /// The host folders of a get that do not exist yet; nothing for other work.
    init(_ work: BroadcastWork, hosts: [String]) {
        guard case .transfer(let job, let localFolder) = work, job.direction == .get else {
            folders = [:]
            return
        }
        var missing: [String: String] = [:]
        for host in hosts {
            let folder = localFolder(host)
            if access(folder, F_OK) != 0 { missing[host] = folder }
        }
        folders = missing
    }

    /// `rmdir` (which removes only an empty folder) for each failed host's new folder.
    func removeEmptyFolders(of results: [HostResult]) {
        for result in results where !result.outcome.isOK {
            if let folder = folders[result.host] { rmdir(folder) }
        }
    }
}
