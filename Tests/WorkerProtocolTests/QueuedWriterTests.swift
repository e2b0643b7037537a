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

    /// A cancelled job's output waiting in the queue is taken out, but never a frame
    /// the pipe has begun to take: the stream stays whole frames, in order, and the
    /// other frames (another job's output, the job's result) all go out.
    @Test func droppingAJobsOutputKeepsEveryOtherFrameWhole() throws {
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        var writer = try QueuedDescriptorWriter(descriptor: ends[1])
        let chunk = [UInt8](repeating: 0x79, count: 100_000)
        var frames: [Frame] = []
        for index in 0..<12 { frames.append(.output(jobID: UInt64(1 + index % 2), stream: .stdout, bytes: chunk)) }
        frames.append(.result(JobResult(jobID: 1, outcome: .cancelled, durationMillis: 5)))
        for frame in frames { writer.enqueue(frame) }
        try writer.flush()  // the pipe takes part of the first frame or two
        let dropped = writer.dropOutput(of: 1)
        #expect(dropped >= 5 * chunk.count, "job 1's frames not yet begun are gone")

        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)
        var reader = DescriptorReader(descriptor: ends[0])
        var received: [Frame] = []
        for _ in 0..<10_000 where writer.waitingBytes > 0 || received.last?.kind != .result {  // bounded
            received += try reader.readFrames()
            try writer.flush()
        }
        let isJobOne: (Frame) -> Bool = { if case .output(1, _, _) = $0 { true } else { false } }
        #expect(received.filter { !isJobOne($0) } == frames.filter { !isJobOne($0) })
        let begun = received.filter(isJobOne).count
        #expect(begun >= 1 && begun <= 2, "only the frames the pipe had begun to take")
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
