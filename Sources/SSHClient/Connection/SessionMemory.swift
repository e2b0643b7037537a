#if canImport(Glibc)
import Glibc
#endif

/// Where libssh2 keeps a session's own structure: a private mapping whose all-zero
/// pages are handed back to the kernel right after `libssh2_session_init_ex`.
///
/// Why: libssh2 1.10's session structure is about 54 KB, mostly two packet buffers
/// (16 KB in, 35 KB out) that it zeroes with `memset`, which makes every page resident.
/// A login and a few commands only ever use the first pages of each buffer, so a kept
/// session cost ~55 KB of memory where ~15 KB are used: with 1000 hosts, 40 MB of
/// zeroes. An anonymous private page dropped with `MADV_DONTNEED` reads back as zeroes,
/// exactly what was there, and becomes resident again only when libssh2 writes to it.
/// Only pages that are entirely zero are dropped, so nothing libssh2 set is lost.
///
/// The first allocation through a session's allocator is the structure itself
/// (`libssh2_session_init_ex` makes it first); it is recorded in the session's
/// `SocketIO` (the allocator's `abstract`), and everything else goes to `malloc`.
enum SessionMemory {
    /// Smaller first allocations are left to `malloc` (a future libssh2 might differ).
    static let smallest = 16 << 10

    /// Drops the structure's all-zero pages, one call per run of them. The corresponding
    /// C function is `madvise`.
    static func releaseZeroPages(of io: SocketIO) {
        guard let block = io.sessionBlock else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var run: Int?  // offset where the current run of zero pages began
        for offset in stride(from: 0, through: io.sessionBlockLength, by: page) {
            let zero = offset < io.sessionBlockLength && isZero(block + offset, page)
            if zero, run == nil { run = offset }
            if !zero, let start = run {
                _ = madvise(block + start, offset - start, MADV_DONTNEED)
                run = nil
            }
        }
    }

    private static func isZero(_ start: UnsafeMutableRawPointer, _ length: Int) -> Bool {
        let words = UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt64.self), count: length / 8)
        return !words.contains { $0 != 0 }
    }

    static func io(_ abstract: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> SocketIO? {
        abstract?.pointee.map { Unmanaged<SocketIO>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Rounds up to whole pages: the mapping's length.
    static func mappedLength(_ count: Int) -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        return (count + page - 1) / page * page
    }
}

/// libssh2's allocator (`LIBSSH2_ALLOC_FUNC`): the session structure in a mapping of its
/// own (see `SessionMemory`), anything else from `malloc`. The corresponding C function
/// is `mmap`.
let sessionAlloc: @convention(c) (Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> UnsafeMutableRawPointer? = {
    count, abstract in
    guard let io = SessionMemory.io(abstract), !io.sessionBlockMade else { return malloc(count) }
    io.sessionBlockMade = true
    guard count >= SessionMemory.smallest else { return malloc(count) }
    let length = SessionMemory.mappedLength(count)
    let block = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    guard let block, block != MAP_FAILED else { return malloc(count) }
    (io.sessionBlock, io.sessionBlockLength) = (block, length)
    return block
}

/// libssh2's `LIBSSH2_FREE_FUNC`: unmaps the session structure, frees anything else.
let sessionFree: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> Void = {
    pointer, abstract in
    guard let pointer else { return }
    // Read before unmapping: when the structure itself is freed, `abstract` points into it.
    guard let io = SessionMemory.io(abstract), pointer == io.sessionBlock else { return free(pointer) }
    let length = io.sessionBlockLength
    io.sessionBlock = nil
    munmap(pointer, length)
}

/// libssh2's `LIBSSH2_REALLOC_FUNC` (it never resizes the structure; handled anyway).
let sessionRealloc: @convention(c) (
    UnsafeMutableRawPointer?, Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> UnsafeMutableRawPointer? = { pointer, count, abstract in
    guard let pointer, let io = SessionMemory.io(abstract), pointer == io.sessionBlock else {
        return realloc(pointer, count)
    }
    guard let moved = malloc(count) else { return nil }
    moved.copyMemory(from: pointer, byteCount: min(count, io.sessionBlockLength))
    io.sessionBlock = nil
    munmap(pointer, io.sessionBlockLength)
    return moved
}
