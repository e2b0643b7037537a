#if canImport(Glibc)
import Glibc
#endif

/// The lowercase hex SHA-256 of a local file (what `sha256sum` prints), for a put's
/// `verifySHA256`. Reads with `pread` in 1 MiB chunks; a file that cannot be opened or
/// read fails as `local-unreadable`. The corresponding C functions are `open` and `pread`.
public func sha256Hex(ofFileAt path: String) throws(SFTPError) -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw SFTPError.unreadable(errno, path: path) }
    defer { close(fd) }
    var hasher = SHA256()
    var buffer = [UInt8](repeating: 0, count: 1024 * 1024)
    var offset: off_t = 0
    while true {
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
        if n < 0, errno == EINTR { continue }
        if n < 0 { throw SFTPError.unreadable(errno, path: path) }
        if n == 0 { return hasher.hexDigest() }
        buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        offset += off_t(n)
    }
}
