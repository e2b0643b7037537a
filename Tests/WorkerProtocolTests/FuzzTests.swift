import LabSupport
import Testing
import WorkerProtocol

/// A deterministic, bounded fuzz of the decoder: valid encodings mutated by a seeded
/// generator (bit flips, byte overwrites, truncation, splices, random length prefixes,
/// inserted and deleted runs), fed in random pieces. The decoder must never trap or hang;
/// it decodes or throws `FrameError`, and whatever it decodes re-encodes to exactly the
/// bytes it came from (the encoding is canonical).
///
/// `share/fuzz/run frames` runs the same checks coverage-guided (libFuzzer), for as many
/// inputs as asked; this test is its fixed-seed stand-in in every test run.
@Suite struct FuzzTests {
    static let inputs = 120_000
    static let corpus: [[UInt8]] = SampleFrames.small.map(FrameEncoder.encode)

    @Test(.timeLimit(.minutes(1)))
    func mutatedEncodingsDecodeOrThrow() {
        var random = SeededRandom(seed: 0x5EED_F00D)
        var tally = Tally()
        for _ in 0..<Self.inputs {
            let input = mutate(&random)
            tally.record(decode(input, maxFrameLength: Bool.random(using: &random) ? 256 : FrameLimits.maxFrameLength, &random))
        }
        #expect(tally.total == Self.inputs)
        // The mutations must reach both sides: plenty decode, plenty fail, of every error kind.
        #expect(tally.decoded > Self.inputs / 20, "\(tally)")
        #expect(tally.failed > Self.inputs / 4, "\(tally)")
        #expect(tally.errorKinds == ["truncated", "oversized", "unknownKind", "malformed", "unsupportedVersion"], "\(tally)")
    }

    /// Decodes `input` fed in random pieces; checks the canonical re-encoding on the way.
    private func decode(_ input: [UInt8], maxFrameLength: Int, _ random: inout SeededRandom) -> FrameError? {
        var decoder = FrameDecoder(maxFrameLength: maxFrameLength)
        var fed = 0
        var consumed = 0
        do {
            while fed < input.count {
                let end = min(input.count, fed + Int.random(in: 1...64, using: &random))
                decoder.feed(input[fed..<end])
                fed = end
                while let frame = try decoder.next() {
                    let length = fed - decoder.bufferedByteCount - consumed
                    if !FrameEncoder.encode(frame).elementsEqual(input[consumed..<consumed + length]) {
                        Issue.record("\(frame) does not re-encode to the bytes it came from: \(input)")
                    }
                    consumed += length
                }
            }
            try decoder.finish()
            return nil
        } catch {
            return error
        }
    }

    private func mutate(_ random: inout SeededRandom) -> [UInt8] {
        var bytes = pick(&random)
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            bytes = mutation(bytes, &random)
        }
        return bytes
    }

    private func pick(_ random: inout SeededRandom) -> [UInt8] {
        Self.corpus[Int.random(in: 0..<Self.corpus.count, using: &random)]
    }

    private func mutation(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = bytes
        guard !bytes.isEmpty else { return pick(&random) }
        let at = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<8, using: &random) {
        case 0: bytes[at] ^= 1 << UInt8.random(in: 0..<8, using: &random)
        case 1: bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 2: bytes.removeLast(Int.random(in: 0...bytes.count, using: &random) / 2 + 1)
        case 3: bytes = Array(bytes[..<at]) + pick(&random)  // splice: a frame cut short, then another
        case 4: bytes += pick(&random)  // a valid second frame after whatever this is
        case 5: overwriteLength(&bytes, &random)
        case 6: bytes.insert(contentsOf: (0..<Int.random(in: 1...8, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
        default: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...8, using: &random)))
        }
        return bytes
    }

    /// A random length prefix: small, near the real one, or huge.
    private func overwriteLength(_ bytes: inout [UInt8], _ random: inout SeededRandom) {
        guard bytes.count >= 4 else { return }
        let real = bytes.count - 4
        let length: UInt32 = switch Int.random(in: 0..<3, using: &random) {
        case 0: UInt32.random(in: 0...16, using: &random)
        case 1: UInt32(clamping: max(0, real + Int.random(in: -4...4, using: &random)))
        default: UInt32.random(in: 0...UInt32.max, using: &random)
        }
        for index in 0..<4 { bytes[index] = UInt8(truncatingIfNeeded: length >> (24 - 8 * index)) }
    }
}

/// What the fuzz inputs came to.
private struct Tally: CustomStringConvertible {
    var decoded = 0
    var failed = 0
    var errorKinds: Set<String> = []

    var total: Int { decoded + failed }

    mutating func record(_ error: FrameError?) {
        guard let error else { return decoded += 1 }
        failed += 1
        errorKinds.insert(Self.name(error))
    }

    static func name(_ error: FrameError) -> String {
        switch error {
        case .truncated: "truncated"
        case .oversized: "oversized"
        case .unknownKind: "unknownKind"
        case .malformed: "malformed"
        case .unsupportedVersion: "unsupportedVersion"
        case .handshake: "handshake"
        }
    }

    var description: String { "decoded \(decoded), failed \(failed) with \(errorKinds.sorted())" }
}
