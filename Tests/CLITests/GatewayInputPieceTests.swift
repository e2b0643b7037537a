import Foundation
import SSHClient
import Testing
import WorkerProtocol
@testable import WorkerRuntime

/// The pieces that carry standard input to a gateway's worker, without SSH: the far
/// worker's nameless copy (`InputMirror`), the relay's reading of the shell's spool
/// (`RelayedStream`) and its queue for the channel (`RelayInput`).
@Suite struct GatewayInputPieceTests {
    @Test func theCopyHasNoNameFromTheStartAndOnlyItsUserCouldOpenIt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let mirror = try InputMirror.make(in: folder.path).get()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing stays in the folder")
        var info = stat()
        #expect(fstat(mirror.descriptor, &info) == 0)
        #expect(info.st_nlink == 0 && info.st_mode & 0o777 == 0o600)
        #expect(InputMirror.make(in: folder.path + "/missing").error?.message.contains("cannot make a folder") == true)
    }

    @Test func theCopyIsWrittenInOrderAndRefusesAGap() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let mirror = try InputMirror.make(in: folder.path).get()
        mirror.write([1, 2, 3], at: 0)
        mirror.write([4, 5], at: 3)
        #expect(mirror.written == 5 && mirror.failure == nil)
        var back = [UInt8](repeating: 0, count: 5)
        #expect(back.withUnsafeMutableBytes { pread(mirror.descriptor, $0.baseAddress, 5, 0) } == 5)
        #expect(back == [1, 2, 3, 4, 5])
        mirror.write([9], at: 7)
        #expect(mirror.failure?.contains("gap at byte 5") == true && mirror.written == 5)
    }

    @Test func freeingTheCopyGivesItsBlocksBack() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let mirror = try InputMirror.make(in: folder.path).get()
        let chunk = [UInt8](repeating: 7, count: 1 << 20)
        for index in 0..<16 { mirror.write(chunk, at: UInt64(index) << 20) }
        var before = stat(), after = stat()
        fstat(mirror.descriptor, &before)
        mirror.free(below: 12 << 20)
        fstat(mirror.descriptor, &after)
        #expect(after.st_size == 16 << 20, "the copy keeps its length")
        #expect(after.st_blocks < before.st_blocks / 2, "blocks below 12 MiB are freed: \(before.st_blocks) → \(after.st_blocks)")
    }

    @Test func aWorkerServesAJobFromItsCopyAndForgetsItWhenTheStreamIsOver() throws {
        let (worker, ends) = try Self.greetedWorker()
        defer { ends.forEach { close($0) } }
        _ = worker.handle(.inputData(streamID: 3, offset: 0, bytes: Array("hello ".utf8)))
        _ = worker.handle(.inputData(streamID: 3, offset: 6, bytes: Array("world".utf8)))
        _ = worker.handle(.input(streamID: 3, length: 11, ended: true))
        let job = ExecJob(jobID: 1, hostID: 1, command: "cat", input: InputStreamRef(streamID: 3, path: ""))
        let feed = try #require(try worker.input(for: job).get())
        #expect(String(decoding: feed.peek(limit: 100), as: UTF8.self) == "hello world")
        feed.take(11)
        #expect(feed.hasEnded)
        _ = worker.handle(.inputFree(streamID: 3, below: 4))
        #expect(worker.inputStreams[3] != nil)
        _ = worker.handle(.inputFree(streamID: 3, below: .max))
        #expect(worker.inputStreams[3] == nil, "the stream is over")
        feed.close()
    }

    @Test func aWorkerAnnouncesNoMoreThanItsCopyHolds() throws {
        let (worker, ends) = try Self.greetedWorker()
        defer { ends.forEach { close($0) } }
        _ = worker.handle(.inputData(streamID: 5, offset: 0, bytes: [1, 2, 3]))
        _ = worker.handle(.input(streamID: 5, length: 10, ended: false))
        #expect(worker.inputStreams[5]?.length == 3)
    }

    @Test func theRelayReadsTheSpoolInChunksEachFollowedByItsAnnouncement() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/stdin"
        let bytes = (0..<600_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let stream = try RelayedStream.open(path).get()
        (stream.announced, stream.ended) = (600_000, true)
        var frames: [Frame] = []
        for _ in 0..<10 {
            let next = stream.nextFrames(streamID: 2, chunk: 256 << 10)
            #expect(next.failure == nil)
            if next.frames.isEmpty { break }
            frames += next.frames
        }
        let chunk = 256 << 10
        #expect(frames == [
            .inputData(streamID: 2, offset: 0, bytes: Array(bytes[..<chunk])), .input(streamID: 2, length: UInt64(chunk), ended: false),
            .inputData(streamID: 2, offset: UInt64(chunk), bytes: Array(bytes[chunk..<2 * chunk])),
            .input(streamID: 2, length: UInt64(2 * chunk), ended: false),
            .inputData(streamID: 2, offset: UInt64(2 * chunk), bytes: Array(bytes[(2 * chunk)...])),
            .input(streamID: 2, length: 600_000, ended: true),
        ])
    }

    @Test func aSpoolShorterThanAnnouncedEndsTheStreamWhereItIs() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/stdin"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        let stream = try RelayedStream.open(path).get()
        stream.announced = 10
        let first = stream.nextFrames(streamID: 1, chunk: 1024)
        #expect(first.frames == [.inputData(streamID: 1, offset: 0, bytes: [1, 2, 3]), .input(streamID: 1, length: 3, ended: false)])
        let second = stream.nextFrames(streamID: 1, chunk: 1024)
        #expect(second.failure?.contains("at byte 3") == true)
        #expect(second.frames == [.input(streamID: 1, length: 3, ended: true)], "the commands get end-of-file")
        #expect(RelayedStream.open(folder.path + "/none").error?.message.contains("cannot read the input spool") == true)
    }

    /// The channel takes bytes in odd pieces; the relay tops the queue up whenever it
    /// drops below the low-water mark: what leaves is every frame, in order, and what
    /// waits never grows past a chunk above the mark.
    @Test func theRelaysQueueIsToppedUpAsItDrainsAndStaysBounded() throws {
        let input = RelayInput()
        input.release()
        var appended = 0, most = 0
        let total = 40
        input.drained = {
            while input.waiting < RelayInput.lowWater, appended < total {
                input.append(.inputData(streamID: 1, offset: UInt64(appended), bytes: [UInt8](repeating: UInt8(appended), count: 100_000)))
                appended += 1
            }
        }
        input.drained?()
        var out: [UInt8] = []
        for step in 0..<10_000 {  // bounded: each turn takes at least one byte while any wait
            most = max(most, input.waiting)
            let piece = input.peek(limit: 1 + (step * 7919) % 40_000)
            if piece.isEmpty { break }
            out += piece
            input.take(piece.count)
        }
        let frames = try FrameDecoder.decodeAll(out)
        #expect(frames.count == total)
        #expect(frames.enumerated().allSatisfy { index, frame in
            if case .inputData(_, let offset, let bytes) = frame { return offset == UInt64(index) && bytes.first == UInt8(index) }
            return false
        })
        #expect(most < RelayInput.lowWater + 200_000)
    }

    private static func greetedWorker() throws -> (Worker, [Int32]) {
        var toWorker: [Int32] = [0, 0], fromWorker: [Int32] = [0, 0]
        #expect(pipe(&toWorker) == 0 && pipe(&fromWorker) == 0)
        let worker = try Worker(input: toWorker[0], output: fromWorker[1], software: "test")
        #expect(worker.handle(.hello(Hello(role: .shell, software: "test"))))
        return (worker, toWorker + fromWorker)
    }
}

/// A private folder for one test.
struct TemporaryFolder {
    let path = NSTemporaryDirectory() + "chorus-input-test-\(UUID().uuidString)"

    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

extension Result {
    /// The error, when it failed.
    fileprivate var error: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
