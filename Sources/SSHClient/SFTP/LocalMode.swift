#if canImport(Glibc)
import Glibc
#endif
import Posix

/// The permission bits a fetched file or folder gets here. A host decides the mode it
/// reports, and a compromised one could hand a root-run get a set-uid binary or a
/// world-writable file: `fchmod` ignores the umask, so the umask is applied here.
public enum LocalMode {
    /// Without `-p`: the host's `rwx` bits less the umask, as `open(2)` and OpenSSH's
    /// sftp do. With `-p`: the host's `rwx` bits, less only the umask's group and other
    /// write bits. Never set-uid, set-gid or sticky.
    public static func forFetchedFile(_ remote: UInt32, keep: Bool, umask: mode_t = LocalMode.umask) -> mode_t {
        let bits = mode_t(remote & 0o777)
        return keep ? bits & ~(umask & 0o022) : bits & ~umask
    }

    /// The process's umask, read once from `/proc/self/status` (reading it with
    /// `umask(2)` means setting it, which races with other threads creating files).
    /// When it cannot be read, 0o077: the strictest guess.
    public static let umask: mode_t = {
        guard let status = try? String(contentsOfProcFile: "/proc/self/status") else { return 0o077 }
        for line in status.split(separator: "\n") where line.hasPrefix("Umask:") {
            let value = String(line.dropFirst("Umask:".count).filter { $0 != " " && $0 != "\t" })
            if let mask = mode_t(value, radix: 8) { return mask & 0o777 }
        }
        return 0o077
    }()
}

private extension String {
    /// A small file read with `open`/`read` (files under /proc report size 0).
    init(contentsOfProcFile path: String) throws(LocalModeError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LocalModeError() }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<64 {  // /proc/self/status is about 1.5 KiB
            let n = buffer.withUnsafeMutableBytes { bytes in retryingOnInterrupt { read(fd, bytes.baseAddress, bytes.count) } }
            guard n > 0 else { break }
            bytes += buffer[..<n]
        }
        self = String(decoding: bytes, as: UTF8.self)
    }
}

struct LocalModeError: Error {}
