import LabSupport
import Testing
import WorkerProtocol

/// Bytes arrive in whatever pieces the pipe or channel delivers; the frames do not change.
@Suite struct IncrementalDecodingTests {
    @Test func oneByteAtATime() throws {
        let stream = SampleFrames.stream(SampleFrames.small)
        var decoder = FrameDecoder()
        var frames: [Frame] = []
        for byte in stream {
            decoder.feed(CollectionOfOne(byte))
            while let frame = try decoder.next() { frames.append(frame) }
        }
        #expect(frames == SampleFrames.small)
        #expect(decoder.bufferedByteCount == 0)
        try decoder.finish()
    }

    @Test(arguments: [1, 2, 3, 0xC0FFEE, 0xDEAD_BEEF])
    func randomSplits(seed: UInt64) throws {
        var decoder = FrameDecoder()
        var frames: [Frame] = []
        for piece in randomPieces(seed: seed) {
            decoder.feed(piece)
            while let frame = try decoder.next() { frames.append(frame) }
        }
        #expect(frames == SampleFrames.all + SampleFrames.small)
        try decoder.finish()
    }

    /// `frames(in:)` parses whole frames straight from each piece and buffers only the
    /// ends cut across pieces: the same frames, however the stream is split.
    @Test(arguments: [1, 2, 3, 0xC0FFEE, 0xDEAD_BEEF])
    func framesInPiecesMatchFeedAndNext(seed: UInt64) throws {
        var decoder = FrameDecoder()
        var frames: [Frame] = []
        for piece in randomPieces(seed: seed) { frames += try decoder.frames(in: piece) }
        #expect(frames == SampleFrames.all + SampleFrames.small)
        #expect(decoder.bufferedByteCount == 0)
        try decoder.finish()
    }

    @Test func framesInRefusesAnOversizedPrefixCutAcrossPieces() throws {
        var decoder = FrameDecoder(maxFrameLength: 100)
        let frame = FrameEncoder.encode(.log(level: .info, message: String(repeating: "x", count: 200)))
        #expect(try decoder.frames(in: frame[..<2]).isEmpty)
        #expect(throws: FrameError.oversized(length: frame.count - 4)) { try decoder.frames(in: frame[2...]) }
        #expect(throws: FrameError.oversized(length: frame.count - 4)) { try decoder.frames(in: [][...]) }
    }

    /// The sample stream cut at random: mostly small pieces, sometimes large ones, so
    /// both the byte-wise path and the several-frames-per-feed path run.
    private func randomPieces(seed: UInt64) -> [ArraySlice<UInt8>] {
        let stream = SampleFrames.stream(SampleFrames.all + SampleFrames.small)
        var random = SeededRandom(seed: seed)
        var pieces: [ArraySlice<UInt8>] = []
        var offset = 0
        while offset < stream.count {  // each turn takes at least one byte, or an empty piece, at most a few hundred times
            let size = Int.random(in: 0...(Bool.random(using: &random) ? 16 : 200_000), using: &random)
            let end = min(stream.count, offset + size)
            pieces.append(stream[offset..<end])
            offset = end
        }
        return pieces
    }

    @Test func partialFrameIsNilUntilComplete() throws {
        let bytes = FrameEncoder.encode(.log(level: .info, message: "hello there"))
        var decoder = FrameDecoder()
        for count in 0..<bytes.count {
            var partial = FrameDecoder()
            partial.feed(bytes[..<count])
            #expect(try partial.next() == nil)
            #expect(partial.bufferedByteCount == count)
            if count == 0 {
                try partial.finish()
            } else {
                #expect(throws: FrameError.truncated) { try partial.finish() }
            }
        }
        decoder.feed(bytes)
        #expect(try decoder.next() == .log(level: .info, message: "hello there"))
        #expect(try decoder.next() == nil)
    }

    @Test func frameAtTheLengthLimitIsAccepted() throws {
        let frame = Frame.output(jobID: 1, stream: .stdout, bytes: [1, 2])
        let bytes = FrameEncoder.encode(frame)
        #expect(try FrameDecoder.decodeAll(bytes, maxFrameLength: bytes.count - 4) == [frame])
        #expect(throws: FrameError.oversized(length: bytes.count - 4)) {
            try FrameDecoder.decodeAll(bytes, maxFrameLength: bytes.count - 5)
        }
    }
}
