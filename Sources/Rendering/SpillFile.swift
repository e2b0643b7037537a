// Where kept output goes once the memory budget is spent: one private temporary file,
// unlinked as soon as it is created, so nothing is left behind whatever ends chorus.

#if canImport(Glibc)
import Glibc
#endif
import Posix

/// An anonymous, append-only file of bytes: created with `mkstemp` (mode 0600) in
/// `$TMPDIR` (else `/tmp`), unlinked at once, closed with the object.
final class SpillFile {
    private let descriptor: Int32
    /// Bytes in the file.
    private(set) var size: Int64 = 0

    /// The corresponding C functions are `mkstemp` and `unlink`.
    init(directory: String) throws(SpillError) {
        var template = Array(((directory.hasSuffix("/") ? directory : directory + "/") + "chorus-output-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw SpillError("cannot create a temporary file in \(directory): \(errnoText())") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        unlink(template)
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// Writes `bytes` at the end; returns where they begin. On failure the file is as
    /// before. The corresponding C function is `pwrite`.
    func append(_ bytes: ArraySlice<UInt8>) throws(SpillError) -> Int64 {
        if let code = writeAll(bytes, to: descriptor, at: size) {
            throw SpillError("cannot write kept output to a temporary file: \(errnoText(code))")
        }
        defer { size += Int64(bytes.count) }
        return size
    }

    /// `count` bytes from `offset`. The corresponding C function is `pread`.
    func read(offset: Int64, count: Int) throws(SpillError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {  // so the buffer is not empty and has an address
            let n = bytes.withUnsafeMutableBytes { buffer in
                retryingOnInterrupt { pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            }
            guard n > 0 else { throw SpillError("cannot read back kept output: \(n == 0 ? "file too short" : errnoText())") }
            done += n
        }
        return bytes
    }
}

/// The spill file could not be created, written or read; the words say why.
public struct SpillError: Error, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
