#if canImport(Glibc)
import Glibc
#endif
import Testing
import WorkerProtocol

/// The worker's output queue: a reader that stops reading never blocks the writer, and
/// what waits goes out whole and in order once the reader reads on.
@Suite struct QueuedWriterTests {
    @Test func aFullPipeQueuesFramesInsteadOfBlockingAndDeliversThemInOrderLater() throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        var writer = try QueuedDescriptorWriter(descriptor: ends[1])
        let frames = (0..<8).map { Frame.output(jobID: UInt64($0), stream: .stdout, bytes: SampleFrames.mebibyte) }
        for frame in frames {
            writer.enqueue(frame)
            try writer.flush()  // a blocking write would hang here: nobody reads yet
        }
        #expect(writer.waitingBytes > 0, "8 MiB cannot fit in a pipe")
        #expect(writer.isBacklogged)

        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        var reader = DescriptorReader(descriptor: ends[0])
        var received: [Frame] = []
        for _ in 0..<100_000 where received.count < frames.count {  // bounded: 8 MiB in pipe-sized steps
            received += try reader.readFrames()
            try writer.flush()
        }
        #expect(writer.waitingBytes == 0)
        #expect(received == frames)
    }

    @Test func aClosedReaderEndsTheStream() throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[1]) }
        close(ends[0])
        signal(SIGPIPE, SIG_IGN)
        var writer = try QueuedDescriptorWriter(descriptor: ends[1])
        writer.enqueue(.bye)
        #expect(throws: TransportError.closed) { try writer.flush() }
    }
}
