#if canImport(Glibc)
import Glibc
#endif

/// `$TMPDIR`, else `/tmp` (also when it is set but empty).
public func temporaryFolder() -> String {
    guard let value = getenv("TMPDIR"), value.pointee != 0 else { return "/tmp" }
    return String(cString: value)
}

/// A new file only this user can reach: `name` (0600, created exclusively) in a new
/// folder `PARENT/PREFIX.XXXXXX` (0700, `mkdtemp`). The caller decides whether it keeps
/// its name (a spool other processes open by path) or is unlinked at once.
public struct PrivateFile {
    public let folder: String
    public let path: String
    public let descriptor: Int32

    public enum Failure: Error {
        /// The folder could not be made in `parent`.
        case folder(reason: String)
        /// The file could not be made at `path` (its folder is removed again).
        case file(path: String, reason: String)
    }

    /// The corresponding C functions are `mkdtemp` and `open`.
    public static func make(in parent: String, prefix: String, name: String) -> Result<PrivateFile, Failure> {
        var template = Array((parent + "/" + prefix + ".XXXXXX").utf8CString)
        // Not nil: the array is not empty.
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            return .failure(.folder(reason: errnoText()))
        }
        let folder = String(cString: made), path = folder + "/" + name
        let descriptor = retryingOnInterrupt { open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
        guard descriptor >= 0 else {
            let reason = errnoText()
            rmdir(folder)
            return .failure(.file(path: path, reason: reason))
        }
        return .success(PrivateFile(folder: folder, path: path, descriptor: descriptor))
    }
}
