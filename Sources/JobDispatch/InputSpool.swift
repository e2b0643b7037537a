#if canImport(Glibc)
import Glibc
#endif
import CPosixShim
import Posix

/// The shell's standard input, read once and kept in a private spool file that every
/// host's job reads from the start at its own pace (the workers read the file; the
/// bytes never cross their pipes). Hosts that start late, behind the fanout, still get
/// every byte. Read only as the hosts take it once every host has started, and dropped
/// from the disk as they do, so neither memory nor the disk grows with an endless input.
public final class InputSpool {
    /// The spool file, in a folder only this user can enter.
    public let path: String
    private let folder: String
    private let source: Int32
    /// The descriptor read from (to poll).
    public var sourceDescriptor: Int32 { source }
    private let descriptor: Int32
    public private(set) var length: UInt64 = 0
    public private(set) var ended = false
    /// Why reading the source failed, once it has.
    public private(set) var readFailure: String?
    /// Bytes below this have been dropped from the disk (workers with copies of their
    /// own are told the same, `inputFree`).
    public private(set) var released: UInt64 = 0

    /// - Parameters:
    ///   - source: the descriptor to read (standard input); not closed.
    ///   - temporaryFolder: where the private folder goes (`$TMPDIR`, else `/tmp`).
    public init(source: Int32, temporaryFolder: String) throws(InputSpoolError) {
        switch PrivateFile.make(in: temporaryFolder, prefix: "chorus-input", name: "stdin") {
        case .failure(.folder(let reason)):
            throw InputSpoolError("cannot make a folder for standard input in \(temporaryFolder): \(reason)")
        case .failure(.file(let path, let reason)):
            throw InputSpoolError("cannot make the standard input spool \(path): \(reason)")
        case .success(let file):
            (folder, path, descriptor, self.source) = (file.folder, file.path, file.descriptor, source)
        }
    }

    deinit { remove() }

    /// Reads what the source holds now (one read, up to 1 MiB: call it when poll says
    /// the source is readable, so it does not block) and appends it. True if the spool
    /// grew or ended.
    public func readAvailable() -> Bool {
        guard !ended else { return false }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        let count = buffer.withUnsafeMutableBytes { bytes in
            retryingOnInterrupt { read(source, bytes.baseAddress, bytes.count) }
        }
        if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return false }
        guard count > 0 else {
            if count < 0 { readFailure = "reading standard input failed: \(errnoText())" }
            ended = true
            return true
        }
        if let code = writeAll(buffer[..<count], to: descriptor, at: Int64(length)) {
            readFailure = "writing the standard input spool \(path) failed: \(errnoText(code))"
            ended = true
            return true
        }
        length += UInt64(count)
        return true
    }

    /// Drops the spool's bytes below `offset` from the disk (the file keeps its length;
    /// the hole reads as zeros, and nobody reads there again). Done in 8 MiB steps.
    /// The corresponding C function is `fallocate` with `FALLOC_FL_PUNCH_HOLE`.
    public func release(below offset: UInt64) {
        let step: UInt64 = 8 << 20
        let end = min(offset, length) / step * step
        guard end > released else { return }
        // A file system without hole punching keeps the bytes: only the disk use differs.
        _ = cposix_punch_hole(descriptor, Int64(released), Int64(end - released))
        released = end
    }

    /// Removes the spool and its folder (also on deinit).
    public func remove() {
        guard !removed else { return }
        removed = true
        close(descriptor)
        unlink(path)
        rmdir(folder)
    }

    private var removed = false
}

/// Standard input could not be spooled.
public struct InputSpoolError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
