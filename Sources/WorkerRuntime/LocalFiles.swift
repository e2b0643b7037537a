#if canImport(Glibc)
import Glibc
#endif
import SSHClient

/// The few local file-system calls a transfer job makes itself (the copies go through
/// `SFTPTransfer`, which writes and renames its own local files).
public enum LocalFiles {
    /// `mkdir -p`: creates `path` and any missing parents; an existing folder is fine.
    public static func makeFolders(_ path: String, mode: UInt32) -> SFTPError? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, mode_t(mode)) != 0 && errno != EEXIST { return folderError(errno, prefix) }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0 else { return folderError(errno, path) }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return SFTPError(.notAFile, "cannot create the folder \(path): a file has that name", path: path)
        }
        return nil
    }

    /// The permission bits of a local file or folder, or `fallback` if it cannot be read.
    static func mode(of path: String, default fallback: UInt32) -> UInt32 {
        var info = stat()
        guard stat(path, &info) == 0 else { return fallback }
        return UInt32(info.st_mode & 0o7777)
    }

    private static func folderError(_ code: Int32, _ path: String) -> SFTPError {
        let kind: SFTPError.Kind = switch code {
        case EACCES, EPERM, EROFS: .permissionDenied
        case ENOSPC, EDQUOT: .diskFull
        case ENOTDIR: .noSuchDirectory
        default: .remote
        }
        return SFTPError(kind, "cannot create the folder \(path): \(String(cString: strerror(code)))", path: path)
    }
}

/// The worker's open local files for puts, one per path, shared by every host's transfer
/// so each chunk is read from disk once however many hosts it goes to. Emptied when no
/// transfer job is running, so a file changed between two puts is read afresh.
final class FileSourceShelf {
    private var sources: [String: SharedFileSource] = [:]

    func source(for path: String) throws(SFTPError) -> SharedFileSource {
        if let source = sources[path] { return source }
        let source = SharedFileSource(try FileSource(path: path))
        sources[path] = source
        return source
    }

    func empty() { sources.removeAll() }
}
