import Secrets
import Testing
import WorkerProtocol

/// Every kind, with edge values, comes back exactly as it went in.
@Suite struct RoundTripTests {
    @Test(arguments: SampleFrames.all)
    func roundTrips(_ frame: Frame) throws {
        let bytes = FrameEncoder.encode(frame)
        #expect(try FrameDecoder.decodeAll(bytes) == [frame])
        #expect(bytes.count == 4 + Int(bytes[0]) << 24 + Int(bytes[1]) << 16 + Int(bytes[2]) << 8 + Int(bytes[3]))
        #expect(bytes[4] == frame.kind.rawValue)
    }

    @Test func everyKindIsCovered() {
        let covered = Set(SampleFrames.all.map(\.kind))
        #expect(covered == Set(FrameKind.allCases))
    }

    @Test func outputBytesSurviveExactly() throws {
        let frames = try FrameDecoder.decodeAll(FrameEncoder.encode(.output(jobID: 5, stream: .stderr, bytes: SampleFrames.mebibyte)))
        guard case .output(5, .stderr, let bytes) = frames.first else {
            Issue.record("not an output frame: \(frames)")
            return
        }
        #expect(bytes == SampleFrames.mebibyte)
    }

    @Test func secretsTravelInTheStream() throws {
        let spec = SampleFrames.hosts[1]
        let frames = try FrameDecoder.decodeAll(FrameEncoder.encode(.openHost(spec)))
        guard case .openHost(let decoded) = frames.first, case .password(let secret) = decoded.auth.first else {
            Issue.record("no password in \(frames)")
            return
        }
        #expect(secret.reveal() == "hunter2")
        let keys = decoded.auth.compactMap { if case .keyData(let name, let key, let passphrase) = $0 { (name, key, passphrase) } else { nil } }
        #expect(keys.first?.1.withUnsafeBytes { Array($0) } == SampleFrames.invalidUTF8, "a key's bytes travel exactly")
        #expect(keys.first?.2?.reveal() == "pp")
        #expect(keys.first?.0 == "/home/opérateur/.ssh/id_rsa")
    }

    @Test func encodeOutputMatchesEncode() {
        let chunk = SampleFrames.invalidUTF8
        let viaFrame = FrameEncoder.encode(.output(jobID: 77, stream: .stdout, bytes: chunk))
        let viaBuffer = chunk.withUnsafeBytes { FrameEncoder.encodeOutput(jobID: 77, stream: .stdout, chunk: $0) }
        #expect(viaFrame == viaBuffer)
        #expect(FrameEncoder.encodeOutput(jobID: 77, stream: .stdout, chunk: chunk[...]) == viaFrame)
    }

    @Test func aStreamOfManyFramesDecodesInOrder() throws {
        #expect(try FrameDecoder.decodeAll(SampleFrames.stream(SampleFrames.all)) == SampleFrames.all)
        #expect(try FrameDecoder.decodeAll([UInt8]()) == [])
    }
}
