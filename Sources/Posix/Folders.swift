#if canImport(Glibc)
import Glibc
#endif

/// Making local folders, for `get` (the shell side) and transfers (the worker side).
public enum Folders {
    /// Why a folder could not be made: the errno (0 when a file already has the name)
    /// and the path that failed.
    public struct Failure: Error, Equatable {
        public let code: Int32
        public let path: String

        /// `cannot create the folder PATH: REASON`.
        public var message: String {
            "cannot create the folder \(path): " + (code == 0 ? "a file has that name" : errnoText(code))
        }
    }

    /// `mkdir -p`: creates `path` and any missing parents; an existing folder is fine.
    /// The corresponding C functions are `mkdir` and `stat`.
    public static func make(_ path: String, mode: UInt32) -> Failure? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, mode_t(mode)) != 0 && errno != EEXIST { return Failure(code: errno, path: prefix) }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0 else { return Failure(code: errno, path: path) }
        guard info.st_mode & S_IFMT == S_IFDIR else { return Failure(code: 0, path: path) }
        return nil
    }
}
