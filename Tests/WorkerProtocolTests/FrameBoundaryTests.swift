import LabSupport
import Testing
import WorkerProtocol

/// A relay follows a worker's framing without decoding it: it must find every boundary
/// however the bytes are cut, and refuse a length the decoder would refuse.
@Suite struct FrameBoundaryTests {
    @Test(arguments: [1, 2, 0xC0FFEE])
    func everyFrameEndIsABoundaryHoweverTheStreamIsCut(seed: UInt64) {
        let frames = SampleFrames.all + SampleFrames.small
        var ends = Set<Int>()
        var offset = 0
        for frame in frames {
            offset += FrameEncoder.encode(frame).count
            ends.insert(offset)
        }
        let stream = SampleFrames.stream(frames)
        var random = SeededRandom(seed: seed)
        var boundary = FrameBoundary()
        var seen = Set<Int>()
        var position = 0
        while position < stream.count {  // each turn takes at least one byte
            let size = Int.random(in: 1...(Bool.random(using: &random) ? 7 : 100_000), using: &random)
            var piece = stream[position..<min(stream.count, position + size)]
            while !piece.isEmpty {  // passUntilBoundary takes at least one byte of a non-empty piece
                let taken = boundary.passUntilBoundary(piece)
                position += taken
                piece = piece.dropFirst(taken)
                if boundary.isAtBoundary { seen.insert(position) }
            }
        }
        #expect(seen == ends)
        #expect(boundary.refusedLength == nil)
    }

    @Test(arguments: [[0, 0, 0, 0], [0x01, 0x00, 0x00, 0x01], [0x4c, 0x6f, 0x67, 0x69]] as [[UInt8]])
    func aLengthTheDecoderRefusesBreaksTheStream(header: [UInt8]) {
        var boundary = FrameBoundary()
        boundary.pass(SampleFrames.stream(SampleFrames.small)[...])
        #expect(boundary.isAtBoundary)
        boundary.pass((header + [1, 2, 3])[...])
        let length = header.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(boundary.refusedLength == length)
        #expect(!boundary.isAtBoundary)
        #expect(boundary.passUntilBoundary([9, 9][...]) == 0, "nothing is accounted for after it")
    }
}
