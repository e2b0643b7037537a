// Cutting one host's stream into whole lines, holding at most one piece's worth of a line
// that has not ended yet: a 10 MB line without a newline leaves as 64 KiB pieces instead
// of sitting in memory whole.

#if canImport(Glibc)
import Glibc
#endif

struct LineAssembler: Sendable {
    /// The largest piece of a line that is held or emitted (64 KiB).
    static let defaultPieceLimit = 64 * 1024

    let pieceLimit: Int
    /// Bytes of the current line not emitted yet; never more than `pieceLimit` between calls.
    private(set) var pending: [UInt8] = []

    init(pieceLimit: Int = Self.defaultPieceLimit) {
        self.pieceLimit = max(4, pieceLimit)
    }

    /// Calls `emit` with each complete line (without its newline; `endsLine` true), and
    /// with each piece cut off a line that outgrew the limit (`endsLine` false). Where the
    /// cuts fall depends only on the line's bytes, never on how they were chunked. The
    /// slices passed to `emit` are only valid during the call. Lines and pieces that lie
    /// whole in `chunk` are passed straight from it: only a line's unfinished end is copied.
    mutating func feed(_ chunk: ArraySlice<UInt8>, emit: (_ line: ArraySlice<UInt8>, _ endsLine: Bool) -> Void) {
        var rest = chunk
        while let newline = Self.firstNewline(in: rest) {
            let line = rest[rest.startIndex..<newline]
            if pending.isEmpty && line.count <= pieceLimit {
                emit(line, true)
            } else {
                absorb(line, emit: emit)
                emit(pending[...], true)
                pending.removeAll(keepingCapacity: true)
            }
            rest = rest[(newline + 1)...]
        }
        absorb(rest, emit: emit)
    }

    /// Emits the unfinished last line, if any, as a line.
    mutating func flush(emit: (_ line: ArraySlice<UInt8>, _ endsLine: Bool) -> Void) {
        guard !pending.isEmpty else { return }
        emit(pending[...], true)
        pending = []
    }

    /// Appends bytes without a newline, cutting a piece off whenever more than a piece is
    /// held. Cutting only once the line is known to go on avoids a spurious empty line
    /// when a line is exactly one piece long. With nothing held, pieces are cut straight
    /// out of `bytes` (the same cuts: `cutPoint` sees the same piece and the byte after it).
    private mutating func absorb(_ bytes: ArraySlice<UInt8>, emit: (_ line: ArraySlice<UInt8>, _ endsLine: Bool) -> Void) {
        var rest = bytes
        while pending.isEmpty && rest.count > pieceLimit {
            let cut = UTF8Scan.cutPoint(rest.prefix(pieceLimit + 1), limit: pieceLimit)
            emit(rest[..<cut], false)
            rest = rest[cut...]
        }
        while !rest.isEmpty {
            let take = rest.prefix(pieceLimit + 1 - pending.count)
            pending.append(contentsOf: take)
            rest = rest.dropFirst(take.count)
            if pending.count > pieceLimit {
                let cut = UTF8Scan.cutPoint(pending[...], limit: pieceLimit)
                emit(pending[..<cut], false)
                pending.removeFirst(cut)
            }
        }
    }

    /// The index of the first newline in `bytes`; `memchr`, which is many times faster
    /// than a byte loop on the long runs without a newline that bulk output brings.
    private static func firstNewline(in bytes: ArraySlice<UInt8>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress,
                let found = memchr(base, 0x0A, buffer.count)
            else { return nil }
            return bytes.startIndex + (UnsafeRawPointer(found) - UnsafeRawPointer(base))
        }
    }
}
