import Secrets
import Testing
import WorkerProtocol

/// Byte-exact encodings, so the wire format cannot drift unnoticed. Each expected value is
/// written out from the tables in PROTOCOL.md; a change here is a protocol version bump.
@Suite struct GoldenEncodingTests {
    static let cases: [(Frame, String)] = [
        (.bye, "00000001 02"),
        (.closeHost(hostID: 0x0102_0304), "00000005 11 01020304"),
        (
            .hello(Hello(role: .worker, software: "chorus 0.1.0")),
            "00000014 01 0006 02 0000000c 63686f72757320302e312e30"
        ),
        (
            .output(jobID: 7, stream: .stderr, bytes: [0xff, 0x00]),
            "00000010 21 0000000000000007 02 00000002 ff00"
        ),
        (
            .result(JobResult(jobID: 1, outcome: .exited(-1), durationMillis: 250)),
            "00000012 23 0000000000000001 000000fa 01 ffffffff"
        ),
        (
            .result(JobResult(jobID: 2, outcome: .failed(kind: "refused", message: ""), durationMillis: 0)),
            "0000001d 23 0000000000000002 00000000 05 00000007 72656675736564 00000000"
        ),
        (
            .exec(ExecJob(jobID: 0x0102_0304_0506_0708, hostID: 9, command: "ls", pty: true, timeoutMillis: 5000)),
            "00000021 12 0102030405060708 00000009 01 00001388 00000002 6c73 00000000 00000000 00"
        ),
        (
            .exec(ExecJob(jobID: 1, hostID: 2, command: "wc", input: InputStreamRef(streamID: 7, path: "/s"),
                          sudo: ExecJob.Sudo(password: Secret("pw")))),
            "00000029 12 0000000000000001 00000002 00 00000000 00000002 7763 00000007 00000002 2f73 02 00000002 7077"
        ),
        (.input(streamID: 7, length: 1 << 20, ended: true), "0000000e 16 00000007 0000000000100000 01"),
        (
            .exec(ExecJob(jobID: 1, hostID: 2, command: "wc", input: InputStreamRef(streamID: 7, path: ""))),
            "00000021 12 0000000000000001 00000002 00 00000000 00000002 7763 00000007 00000000 00"
        ),
        (.inputData(streamID: 7, offset: 16, bytes: [0x61, 0x00, 0xff]), "00000014 17 00000007 0000000000000010 00000003 6100ff"),
        (.inputFree(streamID: 7, below: 8 << 20), "0000000d 18 00000007 0000000000800000"),
        (.inputFree(streamID: 7, below: .max), "0000000d 18 00000007 ffffffffffffffff"),
        (.inputTaken(streamID: 7, offset: 512, jobs: 3), "00000011 24 00000007 0000000000000200 00000003"),
        (
            .transfer(TransferJob(jobID: 1, hostID: 2, direction: .put,
                                  sources: [TransferJob.Source(path: "a", relativePath: "b", sha256: "c")],
                                  destination: "/t", keepTimes: true, checksum: true)),
            "0000002e 15 0000000000000001 00000002 01 00000002 2f74 00 01 01 00000000 0001 00000001 61 00000001 62 00 01 00000001 63"
        ),
        (.log(level: .warning, message: "é"), "00000008 03 04 00000002 c3a9"),
        (.cancel(jobID: 3, timedOut: true), "0000000a 13 0000000000000003 01"),
        (.credit(jobID: 3, bytes: 1 << 20), "0000000d 14 0000000000000003 00100000"),
        (.started(jobID: 3), "00000009 20 0000000000000003"),
        (
            .progress(jobID: 3, done: 512, total: 1024),
            "00000019 22 0000000000000003 0000000000000200 0000000000000400"
        ),
        (
            .openHost(
                HostSpec(
                    hostID: 1, name: "h", hostname: "a", port: 22, username: "u",
                    auth: [.password(Secret("pw")), .agent(socket: nil), .keyFile(path: "k", passphrase: nil)],
                    knownHostsPath: "", hostKeyPolicy: .strict, connectTimeoutMillis: 1000, keepaliveSeconds: 30)),
            """
            00000034 10 00000001 00000001 68 00000001 61 0016 00000001 75
            0003 01 00000002 7077  03 00  02 00000001 6b 00
            00000000 01 000003e8 001e 00
            """
        ),
        (
            .openHost(
                HostSpec(
                    hostID: 2, name: "h", hostname: "a", port: 22, username: "u", auth: [],
                    knownHostsPath: "", hostKeyPolicy: .off, connectTimeoutMillis: 1000, keepaliveSeconds: 0,
                    jumps: [
                        JumpSpec(name: "b", hostname: "c", port: 2222, username: "v", auth: [.password(Secret("q"))],
                                 knownHostsPath: "k", hostKeyPolicy: .acceptNew, connectTimeoutMillis: .max,
                                 keepaliveSeconds: 15)
                    ])),
            """
            00000049 10 00000002 00000001 68 00000001 61 0016 00000001 75 0000
            00000000 03 000003e8 0000 01
            00000001 62 00000001 63 08ae 00000001 76 0001 01 00000001 71
            00000001 6b 02 ffffffff 000f
            """
        ),
        (
            // A key's contents (tag 4), on the host and on a bastion: a blob, bytes as they are.
            .openHost(
                HostSpec(
                    hostID: 3, name: "h", hostname: "a", port: 22, username: "u",
                    auth: [.keyData(name: "k", key: SecretBytes([0x00, 0xff, 0x0a]), passphrase: Secret("pp"))],
                    knownHostsPath: "~/k", hostKeyPolicy: .strict, connectTimeoutMillis: 1000, keepaliveSeconds: 0,
                    jumps: [
                        JumpSpec(name: "b", hostname: "c", port: 22, username: "v",
                                 auth: [.keyData(name: "j", key: SecretBytes(Array("K".utf8)), passphrase: nil)],
                                 knownHostsPath: "", hostKeyPolicy: .acceptNew, connectTimeoutMillis: .max,
                                 keepaliveSeconds: 0)
                    ])),
            """
            00000065 10 00000003 00000001 68 00000001 61 0016 00000001 75
            0001 04 00000001 6b 00000003 00ff0a 01 00000002 7070
            00000003 7e2f6b 01 000003e8 0000 01
            00000001 62 00000001 63 0016 00000001 76 0001 04 00000001 6a 00000001 4b 00
            00000000 02 ffffffff 0000
            """
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func encodesExactly(_ index: Int) throws {
        let (frame, expected) = Self.cases[index]
        #expect(FrameEncoder.encode(frame) == hex(expected), "\(frame)")
        #expect(try FrameDecoder.decodeAll(hex(expected)) == [frame])
    }

    @Test func kindBytesAreFixed() {
        let kinds = FrameKind.allCases.map { "\($0)=\($0.rawValue)" }.joined(separator: " ")
        #expect(
            kinds == "hello=1 bye=2 log=3 openHost=16 closeHost=17 exec=18 cancel=19 credit=20 transfer=21 input=22 inputData=23 inputFree=24 "
                + "started=32 output=33 progress=34 result=35 inputTaken=36")
        #expect(ProtocolVersion.current == 6)
    }
}
