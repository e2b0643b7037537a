#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Posix

/// Where a put's bytes come from. Transfers pull chunks by offset, so one source (or a
/// cache in front of it) can feed the same file to many hosts' transfers at once
/// without reading it once per host. Used on the event loop's thread only.
public protocol TransferSource: AnyObject {
    /// How many bytes the transfer sends (and then expects the remote file to have).
    var size: UInt64 { get }
    /// Up to `maxLength` bytes starting at `offset`; empty at the end; nil when the
    /// bytes cannot be read (the transfer fails as `local-unreadable`).
    func chunk(at offset: UInt64, maxLength: Int) -> [UInt8]?
    /// A name for messages (the local path for files).
    var name: String { get }
}

/// A local file read with `pread`, so concurrent transfers at different offsets share
/// one descriptor. The corresponding C functions are `open`, `fstat` and `pread`.
public final class FileSource: TransferSource {
    public let name: String
    public let size: UInt64
    /// The file's permission bits, for a put that keeps them.
    public let mode: UInt32
    /// Seconds since the epoch, for a put that keeps them.
    public let times: FileTimes
    /// How many `pread` calls were made (one per chunk unless the kernel returns less).
    public private(set) var readCount = 0
    private let fd: Int32

    public init(path: String) throws(SFTPError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SFTPError.unreadable(errno, path: path) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw SFTPError.unreadable(code, path: path)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw SFTPError(.notAFile, "cannot send \(path): not a regular file", path: path)
        }
        self.fd = fd
        self.name = path
        self.size = UInt64(info.st_size)
        self.mode = UInt32(info.st_mode & 0o7777)
        self.times = FileTimes(accessed: Int(info.st_atim.tv_sec), modified: Int(info.st_mtim.tv_sec))
    }

    deinit { close(fd) }

    public func chunk(at offset: UInt64, maxLength: Int) -> [UInt8]? {
        let length = Int(min(UInt64(maxLength), size > offset ? size - offset : 0))
        guard length > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: length)
        var filled = 0
        while filled < length {
            readCount += 1
            let n = bytes.withUnsafeMutableBytes { buffer in
                retryingOnInterrupt { pread(fd, buffer.baseAddress.map { $0 + filled }, length - filled, off_t(offset) + off_t(filled)) }
            }
            if n < 0 { return nil }
            if n == 0 { break }  // the file shrank: the transfer sees a short chunk and fails
            filled += n
        }
        return filled == length ? bytes : Array(bytes[..<filled])
    }
}

/// Bytes in memory (small generated files, tests).
public final class BytesSource: TransferSource {
    public let bytes: [UInt8]
    public let name: String
    public var size: UInt64 { UInt64(bytes.count) }

    public init(_ bytes: [UInt8], name: String = "<memory>") {
        self.bytes = bytes
        self.name = name
    }

    public func chunk(at offset: UInt64, maxLength: Int) -> [UInt8]? {
        guard offset < size else { return [] }
        let start = Int(offset)
        return Array(bytes[start..<min(bytes.count, start + maxLength)])
    }
}

/// Access and modification times, whole seconds since the epoch (what SFTP v3 carries).
public struct FileTimes: Sendable, Equatable {
    public var accessed: Int
    public var modified: Int

    public init(accessed: Int, modified: Int) {
        self.accessed = accessed
        self.modified = modified
    }
}

extension SFTPError {
    static func unreadable(_ code: Int32, path: String) -> SFTPError {
        SFTPError(.localUnreadable, "cannot read \(path): \(errnoText(code))", path: path)
    }
}
