#if canImport(Glibc)
import Glibc
#endif
import Posix

/// A local file that could not be opened or read, with `strerror`'s words.
public struct FileReadError: Error, Equatable {
    public let code: Int32
    public let path: String

    public init(_ code: Int32, path: String) {
        self.code = code
        self.path = path
    }

    /// `cannot read PATH: REASON`, as a put's other local failures say it.
    public var message: String { "cannot read \(path): \(errnoText(code))" }
}

/// The lowercase hex SHA-256 of a local file (what `sha256sum` prints), for a put's
/// `--checksum`: read once by the shell however many hosts receive the file. Reads with
/// `pread` in 1 MiB chunks. The corresponding C functions are `open` and `pread`.
public func sha256Hex(ofFileAt path: String) throws(FileReadError) -> String {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileReadError(errno, path: path) }
    defer { close(fd) }
    var hasher = SHA256()
    var buffer = [UInt8](repeating: 0, count: 1024 * 1024)
    var offset: off_t = 0
    while true {
        let n = buffer.withUnsafeMutableBytes { bytes in retryingOnInterrupt { pread(fd, bytes.baseAddress, bytes.count, offset) } }
        if n < 0 { throw FileReadError(errno, path: path) }
        if n == 0 { return hasher.hexDigest() }
        buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        offset += off_t(n)
    }
}
