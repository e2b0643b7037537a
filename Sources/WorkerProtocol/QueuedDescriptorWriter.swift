#if canImport(Glibc)
import Glibc
#endif
import Posix

/// Frames over a descriptor whose writer must never block: a worker's output, written
/// from the one thread that also drives every SSH session. Frames wait here, in order,
/// until the descriptor takes them (`flush`, when poll says it is writable), so a shell
/// that stops reading (stopped with ^Z, or writing into a `| less` left open) no longer
/// freezes the loop that sends keepalives and keeps the sessions' clocks.
///
/// The queue is bounded by its senders, not here: output by each job's credit window
/// (`FlowControl`), and a worker stops reading every channel while `isBacklogged`.
public struct QueuedDescriptorWriter {
    public let descriptor: Int32
    private var queue: [UInt8] = []
    private var sentUpTo = 0
    /// Where each queued frame starts in `queue`, and the job whose output it carries
    /// (nil for other frames), so a cancelled job's output can be taken out again.
    /// A frame being written may start before `sentUpTo` (even below 0 after `compact`).
    private var frames: [(start: Int, outputOf: UInt64?)] = []

    /// Past this many waiting bytes the sender should stop producing (4 MiB).
    public static let highWater = 4 << 20

    /// Makes `descriptor` non-blocking (`O_NONBLOCK`, on the open file description).
    /// The corresponding C function is `fcntl`.
    public init(descriptor: Int32) throws(TransportError) {
        self.descriptor = descriptor
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else {
            throw .io("cannot make the output non-blocking: \(errnoText())")
        }
    }

    /// Bytes queued and not yet taken by the descriptor.
    public var waitingBytes: Int { queue.count - sentUpTo }

    public var isBacklogged: Bool { waitingBytes > Self.highWater }

    /// Queues a frame. An output frame with nothing waiting before it is first offered
    /// to the descriptor straight from its chunk (one `writev` of header and chunk), so
    /// while the reader keeps up, bulk output is never copied into the queue; what the
    /// descriptor does not take at once is queued, and is written by `flush`.
    public mutating func enqueue(_ frame: Frame) {
        guard case .output(let jobID, let stream, let bytes) = frame else {
            frames.append((queue.count, nil))
            queue += FrameEncoder.encode(frame)
            return
        }
        var header: [UInt8] = []
        FrameEncoder.appendOutputHeader(jobID: jobID, stream: stream, chunkLength: bytes.count, to: &header)
        let written = queue.isEmpty ? writeNow(header, bytes) : 0
        guard written < header.count + bytes.count else { return }
        // Begun (written > 0): it starts before `sentUpTo`, so `dropOutput` keeps it whole.
        frames.append((queue.count - written, jobID))
        if written < header.count { queue += header[written...] }
        queue += bytes[max(0, written - header.count)...]
    }

    /// Queues bytes copied from another frame stream as they came, whole frames or
    /// pieces of them (a gateway's worker, relayed). They are offered to the descriptor
    /// at once when nothing waits before them. They carry no frame records: a relay
    /// never takes output back out (`dropOutput` is the far worker's business).
    public mutating func enqueueRelayed(_ bytes: [UInt8]) {
        let written = queue.isEmpty ? writeNow([], bytes) : 0
        if written < bytes.count { queue += bytes[written...] }
    }

    /// Writes what the descriptor takes now of `header` then `chunk`; 0 when it takes
    /// nothing or fails (the queued frame then meets the error in `flush`).
    /// The corresponding C function is `writev`.
    private func writeNow(_ header: [UInt8], _ chunk: [UInt8]) -> Int {
        header.withUnsafeBytes { head in
            chunk.withUnsafeBytes { body in
                var vectors = [iovec(iov_base: UnsafeMutableRawPointer(mutating: head.baseAddress), iov_len: head.count),
                               iovec(iov_base: UnsafeMutableRawPointer(mutating: body.baseAddress), iov_len: body.count)]
                return max(0, retryingOnInterrupt { writev(descriptor, &vectors, 2) })
            }
        }
    }

    /// Takes the job's output frames out of the queue, except one already being written
    /// (the stream stays whole frames), and returns how many bytes went. A cancelled
    /// job's result then follows what the pipe holds at once, instead of waiting behind
    /// output nobody will show.
    @discardableResult
    public mutating func dropOutput(of jobID: UInt64) -> Int {
        guard let firstUnbegun = frames.firstIndex(where: { $0.start >= sentUpTo }) else { return 0 }
        var kept = Array(queue[..<frames[firstUnbegun].start])
        var records = Array(frames[..<firstUnbegun])
        for index in firstUnbegun..<frames.count {
            let end = index + 1 < frames.count ? frames[index + 1].start : queue.count
            guard frames[index].outputOf != jobID else { continue }
            records.append((kept.count, frames[index].outputOf))
            kept += queue[frames[index].start..<end]
        }
        let dropped = queue.count - kept.count
        (queue, frames) = (kept, records)
        return dropped
    }

    /// Writes as much as the descriptor takes now; `.closed` once the reader is gone.
    /// The corresponding C function is `write`.
    public mutating func flush() throws(TransportError) {
        while sentUpTo < queue.count {
            let written = queue[sentUpTo...].withUnsafeBytes { bytes in
                retryingOnInterrupt { write(descriptor, bytes.baseAddress, bytes.count) }
            }
            if written > 0 { sentUpTo += written; continue }
            if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            if written < 0 && errno == EPIPE { throw .closed }
            throw .io("write failed: \(errnoText())")
        }
        compact()
    }

    /// Writes everything, waiting for the descriptor (at the end of a worker, whose
    /// last frames must still reach the shell). Gives up, false, once the reader has
    /// taken nothing for `limit` seconds in all. The corresponding C function is `poll`.
    public mutating func drain(limit: Double) throws(TransportError) -> Bool {
        var stalledMillis = 0
        try flush()
        while waitingBytes > 0, stalledMillis < Int(limit * 1000) {
            let before = waitingBytes
            var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            _ = poll(&entry, 1, 100)
            try flush()
            if waitingBytes == before { stalledMillis += 100 }
        }
        return waitingBytes == 0
    }

    /// Drops what was written, so the queue never holds sent bytes for long.
    private mutating func compact() {
        if sentUpTo == queue.count {
            queue.removeAll(keepingCapacity: queue.capacity <= 2 * Self.highWater)
            frames.removeAll(keepingCapacity: true)
            sentUpTo = 0
        } else if sentUpTo >= 1 << 20 {
            let current = frames.lastIndex { $0.start <= sentUpTo } ?? 0  // the frame being written
            frames.removeFirst(current)
            for index in frames.indices { frames[index].start -= sentUpTo }
            queue.removeSubrange(..<sentUpTo)
            sentUpTo = 0
        }
    }
}
