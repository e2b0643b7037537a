#if canImport(Glibc)
import Glibc
#endif
import Posix

extension SecretBytes {
    /// Keys are a few KiB; a larger file is not a key.
    public static let maxKeyFileBytes = 64 << 10

    /// A whole file (a private key), read into a buffer that is zeroed once copied here, so
    /// the shell and the worker hold the key once. Throws the reason in words: errno's, or
    /// that the file is too large.
    public init(contentsOfFile path: String, maxBytes: Int = SecretBytes.maxKeyFileBytes) throws(SecretFileError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SecretFileError(reason: errnoText()) }
        defer { close(fd) }
        let capacity = maxBytes + 1
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer {
            explicit_bzero(buffer, capacity)  // not elided as a dead store before the free
            buffer.deallocate()
        }
        var filled = 0
        while filled < capacity {
            let count = retryingOnInterrupt { read(fd, buffer + filled, capacity - filled) }
            if count < 0 { throw SecretFileError(reason: errnoText()) }
            if count == 0 {
                self.init(UnsafeBufferPointer(start: buffer, count: filled))
                return
            }
            filled += count
        }
        throw SecretFileError(reason: "larger than \(maxBytes) bytes, not a key")
    }
}

/// Why a secret file could not be read, in words (`No such file or directory`).
public struct SecretFileError: Error, Equatable, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}
