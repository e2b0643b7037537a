import Testing
import WorkerProtocol

/// Garbage, truncated, oversized and unknown frames are typed errors, never a crash.
@Suite struct DecodingErrorTests {
    /// The error decoding `bytes` as a complete stream throws, or nil if it decodes.
    private func error(decoding bytes: [UInt8], maxFrameLength: Int = FrameLimits.maxFrameLength) -> FrameError? {
        do {
            _ = try FrameDecoder.decodeAll(bytes, maxFrameLength: maxFrameLength)
            return nil
        } catch {
            return error
        }
    }

    @Test func truncatedStreamIsNilThenTruncatedAtEnd() throws {
        let bytes = FrameEncoder.encode(.started(jobID: 1))
        var decoder = FrameDecoder()
        decoder.feed(bytes.dropLast())
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == bytes.count - 1)
        #expect(throws: FrameError.truncated) { try decoder.finish() }
        #expect(error(decoding: Array(bytes.dropLast())) == .truncated)
        #expect(error(decoding: [0, 0]) == .truncated)
    }

    @Test func oversizedLengthIsRefusedFromTheHeaderAlone() {
        var decoder = FrameDecoder()
        decoder.feed(hex("ffffffff"))
        #expect(throws: FrameError.oversized(length: 0xffff_ffff)) { try decoder.next() }
        var small = FrameDecoder(maxFrameLength: 100)
        small.feed(hex("00000065 21"))
        #expect(throws: FrameError.oversized(length: 101)) { try small.next() }
        #expect(error(decoding: hex("01000001 02")) == .oversized(length: (16 << 20) + 1))
    }

    @Test func textInTheStreamIsExplained() {
        let banner = Array("Welcome to gateway-1\n".utf8)
        let failure = error(decoding: banner)
        #expect(failure == .oversized(length: 0x5765_6c63))
        #expect(failure?.description.contains("\"Welc\"") == true)
        #expect(failure?.description.contains("login banner") == true)
    }

    @Test func unknownKindIsRefusedBeforeItsBodyArrives() throws {
        var decoder = FrameDecoder()
        decoder.feed(hex("00001000 7f"))
        #expect(throws: FrameError.unknownKind(0x7f)) { try decoder.next() }
        #expect(error(decoding: hex("00000001 00")) == .unknownKind(0))
        #expect(error(decoding: hex("00000001 ff")) == .unknownKind(0xff))
        #expect(FrameError.unknownKind(0x7f).description.contains("0x7f"))
    }

    @Test func zeroLengthIsMalformed() {
        #expect(error(decoding: hex("00000000")) == .malformed("empty frame: length 0 leaves no room for the kind byte"))
    }

    static let malformed: [(String, String)] = [
        ("00000008 03 02 00000064 6869", "log: message: needs 100 byte(s), only 2 left in the frame"),
        ("00000004 11 010203", "closeHost: hostID: needs 4 byte(s), only 3 left in the frame"),
        ("0000000e 21 0000000000000001 03 00000000", "output: stream: unknown tag 3"),
        ("0000000e 21 0000000000000001 01 00000001", "output: bytes: needs 1 byte(s), only 0 left in the frame"),
        ("00000008 01 0006 09 00000000", "hello: role: unknown tag 9"),
        ("00000006 03 06 00000000", "log: level: unknown tag 6"),
        ("0000000e 23 0000000000000001 00000000 09", "result: outcome: unknown tag 9"),
        ("0000000a 13 0000000000000003 02", "cancel: timedOut: boolean byte 2 is neither 0 nor 1"),
        ("00000002 02 00", "bye: 1 trailing byte(s) after the last field"),
        ("0000000b 20 0000000000000003 ffff", "started: 2 trailing byte(s) after the last field"),
        ("0000000e 16 00000007 0000000000100000 02", "input: ended: boolean byte 2 is neither 0 nor 1"),
        ("0000000d 24 00000007 0000000000000200", "inputTaken: jobs: needs 4 byte(s), only 0 left in the frame"),
        ("0000000d 17 00000007 0000000000000010", "inputData: bytes: needs 4 byte(s), only 0 left in the frame"),
        ("00000012 17 00000007 0000000000000010 00000002 61", "inputData: bytes: needs 2 byte(s), only 1 left in the frame"),
        ("00000009 18 00000007 00000000", "inputFree: below: needs 8 byte(s), only 4 left in the frame"),
        ("0000000e 18 00000007 0000000000000010 00", "inputFree: 1 trailing byte(s) after the last field"),
        (
            "00000020 10 00000001 00000000 00000000 0016 00000000 0001 04 00000001 6b 00000009 ff",
            "openHost: key: needs 9 byte(s), only 1 left in the frame"
        ),
        (
            "00000021 10 00000001 00000000 00000000 0016 00000000 0001 04 00000001 6b 00000001 ff 02",
            "openHost: passphrase present: boolean byte 2 is neither 0 nor 1"
        ),
        ("0000001c 12 0000000000000001 00000002 00 00000000 00000002 7763 00000007", "exec: inputPath: needs 4 byte(s), only 0 left in the frame"),
        ("00000021 12 0000000000000001 00000002 00 00000000 00000002 7763 00000000 00000000 03", "exec: sudo: unknown tag 3"),
        ("00000022 12 0000000000000001 00000002 00 00000000 00000002 7763 00000000 00000001 2f 00", "exec: inputPath: must be empty when inputStream is 0"),
        ("00000007 03 02 00000001 ff", "log: message: string is not valid UTF-8"),
        ("00000009 03 02 00000003 eda080", "log: message: string is not valid UTF-8"),  // a surrogate
        ("00000015 10 00000001 00000000 00000000 0016 00000000 0011", "openHost: auth count: 17 methods, at most 16 allowed"),
        ("00000015 10 00000001 00000000 00000000 0016 00000000 ffff", "openHost: auth count: 65535 methods, at most 16 allowed"),
        ("00000016 10 00000001 00000000 00000000 0016 00000000 0001 05", "openHost: auth method: unknown tag 5"),
        ("00000017 10 00000001 00000000 00000000 0016 00000000 0001 03 02", "openHost: agent socket present: boolean byte 2 is neither 0 nor 1"),
        ("00000017 10 00000001 00000000 00000000 0016 00000000 0002 03 00", "openHost: auth method: needs 1 byte(s), only 0 left in the frame"),
        (
            "00000020 10 00000001 00000000 00000000 0016 00000000 0000 00000000 00 00000000 0000",
            "openHost: hostKeyPolicy: unknown tag 0"
        ),
        (
            "00000020 10 00000001 00000000 00000000 0016 00000000 0000 00000000 01 00000000 0000",
            "openHost: jump count: needs 1 byte(s), only 0 left in the frame"
        ),
        (
            "00000021 10 00000001 00000000 00000000 0016 00000000 0000 00000000 01 00000000 0000 09",
            "openHost: jump count: 9 bastions, at most 8 allowed"
        ),
        (
            "00000021 10 00000001 00000000 00000000 0016 00000000 0000 00000000 01 00000000 0000 ff",
            "openHost: jump count: 255 bastions, at most 8 allowed"
        ),
        (
            "00000021 10 00000001 00000000 00000000 0016 00000000 0000 00000000 01 00000000 0000 01",
            "openHost: jump name: needs 4 byte(s), only 0 left in the frame"
        ),
        (
            "00000031 10 00000001 00000000 00000000 0016 00000000 0000 00000000 01 00000000 0000 01"
                + " 00000000 00000000 0016 00000000 0011",
            "openHost: auth count: 17 methods, at most 16 allowed"
        ),
        (
            "0000003c 10 00000001 00000000 00000000 0016 00000000 0000 00000000 01 00000000 0000 01"
                + " 00000000 00000000 0016 00000000 0000 00000000 04 00000000 0000",
            "openHost: jump hostKeyPolicy: unknown tag 4"
        ),
    ]

    @Test(arguments: 0..<malformed.count)
    func malformedPayloadNamesTheField(_ index: Int) {
        let (bytes, detail) = Self.malformed[index]
        #expect(error(decoding: hex(bytes)) == .malformed(detail))
    }

    @Test func anotherProtocolVersionIsRefused() {
        #expect(error(decoding: hex("00000008 01 0005 02 00000000")) == .unsupportedVersion(5))
        #expect(error(decoding: hex("00000008 01 0004 02 00000000")) == .unsupportedVersion(4))
        #expect(error(decoding: hex("00000008 01 0003 02 00000000")) == .unsupportedVersion(3))
        #expect(error(decoding: hex("00000008 01 0002 02 00000000")) == .unsupportedVersion(2))
        #expect(error(decoding: hex("00000008 01 0001 02 00000000")) == .unsupportedVersion(1))
        #expect(error(decoding: hex("00000008 01 0000 01 00000000")) == .unsupportedVersion(0))
        // A future hello may be laid out differently after the version: still refused clearly.
        #expect(error(decoding: hex("00000004 01 0007 ff")) == .unsupportedVersion(7))
        let text = FrameError.unsupportedVersion(7).description
        #expect(text.contains("version 7") && text.contains("speaks 6"))
    }

    @Test func errorsAreFinal() throws {
        var decoder = FrameDecoder()
        decoder.feed(hex("00000001 ff"))
        #expect(throws: FrameError.unknownKind(0xff)) { try decoder.next() }
        decoder.feed(FrameEncoder.encode(.bye))
        #expect(throws: FrameError.unknownKind(0xff)) { try decoder.next() }
        #expect(throws: FrameError.unknownKind(0xff)) { try decoder.finish() }
    }

    @Test func framesBeforeTheBadOneAreDelivered() throws {
        var decoder = FrameDecoder()
        decoder.feed(FrameEncoder.encode(.started(jobID: 4)) + hex("00000001 ff"))
        #expect(try decoder.next() == .started(jobID: 4))
        #expect(throws: FrameError.unknownKind(0xff)) { try decoder.next() }
    }

    @Test func encoderCheckAgreesWithTheDecoder() throws {
        let crowded = HostSpec(
            hostID: 1, name: "h", hostname: "h", username: "u",
            auth: Array(repeating: .agent(socket: nil), count: FrameLimits.maxAuthMethods + 1), knownHostsPath: "",
            connectTimeoutMillis: 1, keepaliveSeconds: 1)
        let detail = "openHost: 17 auth methods, at most 16 allowed"
        #expect(throws: FrameError.malformed(detail)) { try FrameEncoder.check(.openHost(crowded)) }
        #expect(error(decoding: FrameEncoder.encode(.openHost(crowded))) == .malformed("openHost: auth count: 17 methods, at most 16 allowed"))

        let jump = JumpSpec(name: "b", hostname: "b", username: "u", auth: [], knownHostsPath: "",
                            connectTimeoutMillis: 1, keepaliveSeconds: 1)
        let chained = HostSpec(
            hostID: 1, name: "h", hostname: "h", username: "u", auth: [], knownHostsPath: "",
            connectTimeoutMillis: 1, keepaliveSeconds: 1, jumps: Array(repeating: jump, count: FrameLimits.maxJumps + 1))
        #expect(throws: FrameError.malformed("openHost: 9 bastions, at most 8 allowed")) { try FrameEncoder.check(.openHost(chained)) }
        #expect(error(decoding: FrameEncoder.encode(.openHost(chained))) == .malformed("openHost: jump count: 9 bastions, at most 8 allowed"))
        var crowdedJump = jump
        crowdedJump.auth = crowded.auth
        let viaCrowded = HostSpec(hostID: 1, name: "h", hostname: "h", username: "u", auth: [], knownHostsPath: "",
                                  connectTimeoutMillis: 1, keepaliveSeconds: 1, jumps: [crowdedJump])
        #expect(throws: FrameError.malformed(detail)) { try FrameEncoder.check(.openHost(viaCrowded)) }

        let huge = Frame.output(jobID: 1, stream: .stdout, bytes: Array(repeating: 0, count: FrameLimits.maxFrameLength))
        #expect(throws: FrameError.oversized(length: FrameLimits.maxFrameLength + 14)) { try FrameEncoder.check(huge) }
        #expect(error(decoding: FrameEncoder.encode(huge)) == .oversized(length: FrameLimits.maxFrameLength + 14))
        try FrameEncoder.check(.output(jobID: 1, stream: .stdout, bytes: SampleFrames.mebibyte))
        for frame in SampleFrames.small { try FrameEncoder.check(frame) }
    }
}
