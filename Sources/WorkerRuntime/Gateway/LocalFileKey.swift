#if canImport(Glibc)
import Glibc
#endif

/// A local file as it is now, for a relay that copies it to a gateway once and reuses
/// the copy: its path, device and inode, size, and times of change and modification (a
/// `chmod` changes the first). A copy made under one key serves only that key, so an
/// edited, replaced or re-permitted file is copied again. The corresponding C function
/// is `stat`.
enum LocalFileKey {
    static func of(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "\(path)\0missing" }
        return "\(path)\0\(info.st_dev):\(info.st_ino):\(info.st_size):\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec):"
            + "\(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
    }

    /// The path a key was made for.
    static func path(of key: String) -> String { String(key.prefix { $0 != "\0" }) }
}
