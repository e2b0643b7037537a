#if canImport(Glibc)
import Glibc
#endif
import Posix

/// One reading of a known_hosts file: its usable entries (bad lines skipped one at a
/// time) or why it could not be read. A missing file reads as no entries (OpenSSH's
/// first run); any other error (EACCES, EISDIR, EIO, …) is kept, so that the caller
/// refuses hosts instead of taking them for new.
struct KnownHostsContents {
    enum Reading: Equatable {
        case entries(KnownHostsIndex)
        case unreadable(String)
    }

    /// What identifies one version of the file; nil when stat fails. The change time is
    /// in it too, so a file made readable again (chmod) is read again.
    struct Stamp: Equatable {
        var device: UInt, inode: UInt, size: Int
        var modified: Int, modifiedNanoseconds: Int, changed: Int, changedNanoseconds: Int

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            device = UInt(info.st_dev)
            inode = UInt(info.st_ino)
            size = Int(info.st_size)
            modified = Int(info.st_mtim.tv_sec)
            modifiedNanoseconds = Int(info.st_mtim.tv_nsec)
            changed = Int(info.st_ctim.tv_sec)
            changedNanoseconds = Int(info.st_ctim.tv_nsec)
        }
    }

    /// Far beyond any real file (a million hashed entries is ~100 MB), and a bound on memory.
    static let maximumSize = 256 << 20

    let stamp: Stamp?
    let reading: Reading

    init(path: String, stamp: Stamp?) {
        self.stamp = stamp
        switch Self.readBytes(path) {
        case .failure(let error): reading = .unreadable(error.reason)
        case .success(let bytes): reading = .entries(KnownHostsIndex(Self.entries(in: bytes)))
        }
    }

    /// Every line that parses, in file order; the others are skipped (as OpenSSH does).
    static func entries(in bytes: [UInt8]) -> [KnownHostsEntry] {
        var entries: [KnownHostsEntry] = []
        var number = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            if let entry = KnownHostsEntry(line: number, text: line) { entries.append(entry) }
        }
        return entries
    }

    struct ReadError: Error { let reason: String }

    /// The whole file; `[]` when it does not exist. The corresponding C functions are
    /// `open`, `fstat` and `read`.
    private static func readBytes(_ path: String) -> Result<[UInt8], ReadError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            return errno == ENOENT ? .success([]) : .failure(ReadError(reason: errnoText()))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return .failure(ReadError(reason: errnoText())) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(ReadError(reason: "not a regular file")) }
        guard Int(info.st_size) <= maximumSize else {
            return .failure(ReadError(reason: "larger than \(maximumSize >> 20) MiB"))
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = retryingOnInterrupt { read(fd, &buffer, buffer.count) }
            guard count >= 0 else { return .failure(ReadError(reason: errnoText())) }
            if count == 0 { return .success(bytes) }
            bytes += buffer[0..<count]
            guard bytes.count <= maximumSize else { return .failure(ReadError(reason: "larger than \(maximumSize >> 20) MiB")) }
        }
    }
}
