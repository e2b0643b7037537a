// Output kept until the end (gathered groups, `:diff`), for any number of hosts, in
// bounded memory: pieces stay in memory while the store's budget allows, and the rest
// goes to one private temporary file (`SpillFile`). Each stream keeps its own cap as well.

#if canImport(Glibc)
import Glibc
#endif
import Posix

/// One stream of one host's kept output: its first bytes in memory, then pieces of the
/// store's spill file, in order; what came past the stream's cap is counted, not kept.
public struct StoredBytes: Sendable {
    var memory: [UInt8] = []
    var extents: [Extent] = []
    /// Bytes kept (in memory and in the file).
    public private(set) var count = 0
    /// Bytes that arrived after the cap was reached, or that could not be kept.
    public internal(set) var dropped = 0

    struct Extent: Sendable {
        let offset: Int64
        var count: Int
    }

    public init() {}

    public var isEmpty: Bool { count == 0 && dropped == 0 }

    mutating func keepInMemory(_ bytes: ArraySlice<UInt8>) {
        memory += bytes
        count += bytes.count
    }

    mutating func keepInFile(at offset: Int64, count added: Int) {
        if let last = extents.last, last.offset + Int64(last.count) == offset {
            extents[extents.count - 1].count += added  // the file's last piece was ours too
        } else {
            extents.append(Extent(offset: offset, count: added))
        }
        count += added
    }
}

/// Keeps output under one memory budget for all hosts (`memoryLimit`); past it, pieces
/// go to a spill file created on first need in `$TMPDIR` (else `/tmp`).
public final class OutputStore {
    /// 256 MiB.
    public static let defaultMemoryLimit = 256 << 20

    public let memoryLimit: Int
    /// Bytes held in memory, for all streams.
    public private(set) var memoryBytes = 0
    /// Bytes written to the spill file.
    public var spilledBytes: Int64 { spill?.size ?? 0 }
    /// Why output could not be spilled (it was dropped instead, and counted so); set once.
    public private(set) var spillFailure: SpillError?
    private var spill: SpillFile?
    private let directory: String

    public init(memoryLimit: Int = OutputStore.defaultMemoryLimit, directory: String? = nil) {
        self.memoryLimit = max(0, memoryLimit)
        self.directory = directory ?? temporaryFolder()
    }

    /// Keeps what fits of `chunk` under the stream's own `limit`; counts the rest.
    public func append(_ chunk: [UInt8], to stored: inout StoredBytes, limit: Int) {
        let room = max(0, limit - stored.count)
        let kept = chunk.prefix(room)
        stored.dropped += chunk.count - kept.count
        guard !kept.isEmpty else { return }
        if stored.extents.isEmpty, memoryBytes + kept.count <= memoryLimit {
            stored.keepInMemory(kept)
            memoryBytes += kept.count
        } else if let offset = spillBytes(kept) {
            stored.keepInFile(at: offset, count: kept.count)
        } else {
            stored.dropped += kept.count
        }
    }

    /// The kept bytes of a stream, in order.
    public func bytes(of stored: StoredBytes) throws(SpillError) -> [UInt8] {
        var bytes = stored.memory
        for extent in stored.extents {
            guard let spill else { throw SpillError("kept output lost its temporary file") }
            bytes += try spill.read(offset: extent.offset, count: extent.count)
        }
        return bytes
    }

    /// Gives back a stream's memory once it is no longer needed (its host was printed);
    /// what it had in the spill file stays there until the store goes.
    public func forget(_ stored: StoredBytes) {
        memoryBytes -= stored.memory.count
    }

    private func spillBytes(_ bytes: ArraySlice<UInt8>) -> Int64? {
        guard spillFailure == nil else { return nil }
        do throws(SpillError) {
            if spill == nil { spill = try SpillFile(directory: directory) }
            return try spill?.append(bytes)
        } catch {
            spillFailure = error
            return nil
        }
    }
}
