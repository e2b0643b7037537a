#if canImport(Glibc)
import Glibc
#endif
import Posix
import SSHClient

/// The few local file-system calls a transfer job makes itself (the copies go through
/// `SFTPTransfer`, which writes and renames its own local files).
public enum LocalFiles {
    /// `mkdir -p` (`Folders.make`), with the failure in a transfer's terms.
    public static func makeFolders(_ path: String, mode: UInt32) -> SFTPError? {
        guard let failure = Folders.make(path, mode: mode) else { return nil }
        guard failure.code != 0 else { return SFTPError(.notAFile, failure.message, path: failure.path) }
        return folderError(failure)
    }

    /// The permission bits of a local file or folder, or `fallback` if it cannot be read.
    static func mode(of path: String, default fallback: UInt32) -> UInt32 {
        var info = stat()
        guard stat(path, &info) == 0 else { return fallback }
        return UInt32(info.st_mode & 0o7777)
    }

    private static func folderError(_ failure: Folders.Failure) -> SFTPError {
        let kind: SFTPError.Kind = switch failure.code {
        case EACCES, EPERM, EROFS: .permissionDenied
        case ENOSPC, EDQUOT: .diskFull
        case ENOTDIR: .noSuchDirectory
        default: .remote
        }
        return SFTPError(kind, failure.message, path: failure.path)
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
