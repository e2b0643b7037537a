import Posix
import SSHClient
import Synchronization
import WorkerProtocol

/// Frames from the shell, read on a thread of their own (a blocking read on the input
/// stream) and handed to the loop thread, which the inbox wakes for each batch. The
/// reader always drains its input, so the shell never blocks writing jobs to a worker
/// that is itself blocked writing output.
final class FrameInbox: @unchecked Sendable {
    enum End: Equatable {
        case open
        /// The shell said bye, or closed the stream.
        case finished
        case failed(String)
    }

    private struct Received {
        var frames: [Frame] = []
        var end = End.open
    }

    private let received = Mutex(Received())
    private let waker: SSHEventLoop.Waker

    /// Starts the reader thread on `descriptor`.
    init(descriptor: Int32, waker: SSHEventLoop.Waker) {
        self.waker = waker
        let started = detachThread { [self] in
            var reader = DescriptorReader(descriptor: descriptor)
            while true {
                do throws(TransportError) {
                    let batch = try reader.readFrames()
                    if !batch.isEmpty { deliver(batch, waker) }
                } catch .closed {
                    return close(.finished, waker)
                } catch {
                    return close(.failed(error.description), waker)
                }
            }
        }
        if !started { close(.failed("cannot start a thread to read the shell's frames"), waker) }
    }

    /// Everything received since the last call, and whether the stream has ended.
    func drain() -> (frames: [Frame], end: End) {
        received.withLock { received in
            defer { received.frames.removeAll() }
            return (received.frames, received.end)
        }
    }

    /// Ends the stream as if the shell had closed it (a terminating signal).
    func finish() { close(.finished, waker) }

    private func deliver(_ batch: [Frame], _ waker: SSHEventLoop.Waker) {
        received.withLock { $0.frames += batch }
        waker.wake()
    }

    private func close(_ reason: End, _ waker: SSHEventLoop.Waker) {
        received.withLock { if $0.end == .open { $0.end = reason } }
        waker.wake()
    }
}
