#if canImport(Glibc)
import Glibc
#endif
import Posix

/// Adds one line to the end of a known_hosts file (creating it 0600, and its folder
/// 0700, if needed), never rewriting what is there. Under an exclusive `flock`, so
/// chorus's own workers neither interleave lines nor race on the newline check.
struct KnownHostsAppender {
    let path: String

    /// Writes `line` and its newline in one `write`, first a newline when the file does
    /// not end in one (or the entry would be glued onto the user's last line). A short
    /// write (ENOSPC, EFBIG) is cut back to the original size, so no half line remains.
    /// The corresponding C functions are `open`, `flock`, `pread`, `write` and `ftruncate`.
    func append(line: String) throws(SSHError) {
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        if !folder.isEmpty { mkdir(folder, 0o700) }
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure(errnoText()) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw failure(errnoText()) }
        let size = lseek(fd, 0, SEEK_END)
        guard size >= 0 else { throw failure(errnoText()) }
        var bytes = Array((line + "\n").utf8)
        if size > 0 {
            var last: UInt8 = 0
            guard pread(fd, &last, 1, size - 1) == 1 else { throw failure(errnoText()) }
            if last != UInt8(ascii: "\n") { bytes.insert(UInt8(ascii: "\n"), at: 0) }
        }
        let written = write(fd, bytes, bytes.count)
        guard written != bytes.count else { return }
        let reason = written < 0 ? errnoText() : "only \(written) of \(bytes.count) bytes written"
        _ = ftruncate(fd, size)
        throw failure(reason)
    }

    private func failure(_ reason: String) -> SSHError {
        SSHError(.knownHosts, "cannot record host key in \(path): \(reason)")
    }
}
