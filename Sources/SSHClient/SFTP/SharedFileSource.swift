/// One local file fed to many transfers at once (the same file to many hosts on one
/// event loop): recently read chunks are kept, so transfers that move roughly together
/// read each chunk from disk once. Used on the event loop's thread only, like every
/// `TransferSource`; the caller keeps one per path for as long as its transfers run.
///
/// Which chunk to drop when the cache is full: transfers read a file front to back,
/// one chunk after the other (a put asks for 1 MiB at offsets 0, 1 MiB, 2 MiB, …), so
/// the source knows where each reader will ask next. A kept chunk is next needed by
/// the nearest reader behind it, after that reader has covered the distance between
/// them; the chunk dropped is the one no reader is behind, else the one whose nearest
/// reader is farthest behind. That keeps what a group of slow hosts is about to read
/// while a fast host runs ahead (which LRU would not: the fast host's new chunks would
/// push out the slow group's, and every slow host would then read from disk).
public final class SharedFileSource: TransferSource {
    private let file: FileSource
    /// The most chunks kept at once.
    public let capacity: Int
    private var cache: [UInt64: [UInt8]] = [:]
    /// How many readers will next ask for the chunk at each offset. A reader that
    /// stops early stays counted; it only makes a chunk look needed for longer.
    private var readersAt: [UInt64: Int] = [:]

    /// - Parameter capacity: chunks kept (a put's chunk is 1 MiB, so the default is
    ///   at most 32 MiB per file).
    public init(_ file: FileSource, capacity: Int = 32) {
        self.file = file
        self.capacity = max(1, capacity)
    }

    public convenience init(path: String, capacity: Int = 32) throws(SFTPError) {
        self.init(try FileSource(path: path), capacity: capacity)
    }

    public var name: String { file.name }
    public var size: UInt64 { file.size }
    /// The file's permission bits, for a put that keeps them.
    public var mode: UInt32 { file.mode }
    /// Seconds since the epoch, for a put that keeps them.
    public var times: FileTimes { file.times }
    /// How many `pread` calls the file has had (chunks served from the cache cost none).
    public var readCount: Int { file.readCount }
    /// How many chunks are kept now.
    public var cachedChunks: Int { cache.count }

    public func chunk(at offset: UInt64, maxLength: Int) -> [UInt8]? {
        let wanted = Int(min(UInt64(max(0, maxLength)), size > offset ? size - offset : 0))
        guard wanted > 0 else { return [] }
        if let kept = cache[offset], kept.count >= wanted {
            moveReader(from: offset, to: offset + UInt64(wanted))
            return kept.count == wanted ? kept : Array(kept[..<wanted])
        }
        guard let bytes = file.chunk(at: offset, maxLength: maxLength) else { return nil }
        moveReader(from: offset, to: offset + UInt64(bytes.count))
        if bytes.count == wanted { keep(bytes, at: offset) }  // a short read means the file shrank
        return bytes
    }

    /// One reader has read up to `end`: it will ask for `end` next (unless it is done).
    private func moveReader(from offset: UInt64, to end: UInt64) {
        if let count = readersAt[offset] {
            readersAt[offset] = count > 1 ? count - 1 : nil
        }
        if end < size { readersAt[end, default: 0] += 1 }
    }

    private func keep(_ bytes: [UInt8], at offset: UInt64) {
        cache[offset] = bytes
        while cache.count > capacity, let victim = leastNeeded() {
            cache[victim] = nil
        }
    }

    /// The kept chunk whose next use is farthest away (see the type's comment); among
    /// chunks no reader is behind, the highest offset (a reader starting late needs
    /// it last).
    private func leastNeeded() -> UInt64? {
        let positions = readersAt.keys.sorted()
        func distance(_ chunk: UInt64) -> UInt64 {
            guard let behind = positions.last(where: { $0 <= chunk }) else { return .max }
            return chunk - behind
        }
        return cache.keys.max { (distance($0), $0) < (distance($1), $1) }
    }
}
