import LabSupport
import Secrets
import WorkerProtocol

/// Frames of every kind with edge values, shared by the round-trip, incremental and fuzz
/// tests. `small` keeps every frame short enough to feed a byte at a time cheaply.
enum SampleFrames {
    static let invalidUTF8: [UInt8] = [0xff, 0xfe, 0xc3, 0x28, 0x00, 0xed, 0xa0, 0x80, 0x0a]

    static let hosts: [HostSpec] = [
        HostSpec(
            hostID: 0, name: "", hostname: "", port: 0, username: "", auth: [], knownHostsPath: "",
            hostKeyPolicy: .strict, connectTimeoutMillis: 0, keepaliveSeconds: 0),
        HostSpec(
            hostID: .max, name: "ウェブ01", hostname: "web01.example.org", port: .max, username: "opérateur",
            auth: [
                .password(Secret("hunter2")), .password(Secret("")),
                .keyFile(path: "/root/.ssh/id_ed25519", passphrase: Secret("pass phrase")),
                .keyFile(path: "", passphrase: nil), .agent(socket: nil), .agent(socket: "/run/agent.sock"),
                .keyData(name: "/home/opérateur/.ssh/id_rsa", key: SecretBytes(invalidUTF8), passphrase: Secret("pp")),
                .keyData(name: "", key: SecretBytes([]), passphrase: nil),
            ],
            knownHostsPath: "/root/.ssh/known_hosts", hostKeyPolicy: .acceptNew, connectTimeoutMillis: .max,
            keepaliveSeconds: .max),
        HostSpec(
            hostID: 7, name: "db1", hostname: "127.0.0.7", port: 2222, username: "root",
            auth: Array(repeating: .agent(socket: "s"), count: FrameLimits.maxAuthMethods), knownHostsPath: "kh",
            hostKeyPolicy: .off, connectTimeoutMillis: 5000, keepaliveSeconds: 30),
        HostSpec(
            hostID: 8, name: "web01", hostname: "10.1.0.1", username: "root", auth: [.agent(socket: nil)],
            knownHostsPath: "kh", connectTimeoutMillis: 5000, keepaliveSeconds: 30,
            jumps: [
                JumpSpec(name: "", hostname: "", port: 0, username: "", auth: [], knownHostsPath: "",
                         hostKeyPolicy: .strict, connectTimeoutMillis: 0, keepaliveSeconds: 0),
                JumpSpec(name: "bastiön", hostname: "gw.example.org", port: .max, username: "jump",
                         auth: [.password(Secret("bastion pw")), .keyFile(path: "/k", passphrase: Secret("pp")),
                                .keyData(name: "/k", key: SecretBytes(Array("-----BEGIN".utf8)), passphrase: nil)],
                         knownHostsPath: "/kh", hostKeyPolicy: .off, connectTimeoutMillis: .max, keepaliveSeconds: .max),
            ]),
        HostSpec(
            hostID: 9, name: "deep", hostname: "d", username: "u", auth: [], knownHostsPath: "",
            connectTimeoutMillis: 1, keepaliveSeconds: 1,
            jumps: (0..<FrameLimits.maxJumps).map {
                JumpSpec(name: "b\($0)", hostname: "b\($0)", username: "u", auth: [], knownHostsPath: "",
                         connectTimeoutMillis: 1, keepaliveSeconds: 1)
            }),
    ]

    static let outcomes: [JobOutcome] = [
        .exited(0), .exited(1), .exited(.max), .exited(.min), .exited(-1), .signalled("KILL"), .signalled(""),
        .timedOut, .cancelled, .failed(kind: "refused", message: "connection refused"), .failed(kind: "", message: ""),
        .failed(kind: "auth-failed", message: "mot de passe refusé ✗\nsecond line"),
    ]

    static let small: [Frame] =
        [
            .hello(Hello(role: .shell, software: "chorus 0.1.0")),
            .hello(Hello(role: .worker, software: "")),
            .hello(Hello(role: .worker, software: "chörus 🎶")),
            .closeHost(hostID: 0), .closeHost(hostID: .max),
            .exec(ExecJob(jobID: 0, hostID: 0, command: "")),
            .exec(ExecJob(jobID: .max, hostID: .max, command: "echo 'héllo' | wc -c; printf '\\0'", pty: true, timeoutMillis: .max)),
            .transfer(TransferJob(jobID: 0, hostID: 0, direction: .get, sources: [], destination: "")),
            .transfer(TransferJob(jobID: .max, hostID: .max, direction: .put,
                                  sources: [TransferJob.Source(path: "/srv/ünïcode dir", relativePath: "ünïcode dir", isDirectory: true),
                                            TransferJob.Source(path: "/srv/a b/c", relativePath: "a b/c", sha256: String(repeating: "f", count: 64))],
                                  destination: "/tmp/", recursive: true, keepTimes: true, checksum: true, timeoutMillis: .max)),
            .cancel(jobID: 0, timedOut: false), .cancel(jobID: .max, timedOut: true),
            .credit(jobID: 3, bytes: 0), .credit(jobID: .max, bytes: .max),
            .exec(ExecJob(jobID: 5, hostID: 1, command: "sort -r", input: InputStreamRef(streamID: .max, path: "/tmp/chörus-input.x/stdin"))),
            .exec(ExecJob(jobID: 6, hostID: 2, command: "id -u", sudo: ExecJob.Sudo(password: nil))),
            .exec(ExecJob(jobID: 7, hostID: 3, command: "id -u", sudo: ExecJob.Sudo(password: Secret("pässwörd")))),
            .exec(ExecJob(jobID: 8, hostID: 4, command: "wc -c", input: InputStreamRef(streamID: 2, path: ""))),
            .inputData(streamID: 1, offset: 0, bytes: []), .inputData(streamID: .max, offset: .max, bytes: invalidUTF8),
            .inputData(streamID: 3, offset: 1 << 40, bytes: Array(0...255)),
            .inputFree(streamID: 1, below: 0), .inputFree(streamID: .max, below: .max),
            .input(streamID: 1, length: 0, ended: false), .input(streamID: .max, length: .max, ended: true),
            .inputTaken(streamID: 1, offset: 0, jobs: 0), .inputTaken(streamID: .max, offset: .max, jobs: .max),
            .started(jobID: 0), .started(jobID: .max),
            .output(jobID: 1, stream: .stdout, bytes: []),
            .output(jobID: .max, stream: .stderr, bytes: invalidUTF8),
            .output(jobID: 2, stream: .stdout, bytes: Array(0...255)),
            .progress(jobID: 1, done: 0, total: 0), .progress(jobID: .max, done: .max, total: .max),
            .log(level: .trace, message: ""), .log(level: .error, message: "host 3: ключ изменился\n"),
            .bye,
        ]
        + hosts.map { Frame.openHost($0) }
        + LogLevel.allLevels.map { Frame.log(level: $0, message: "\($0)") }
        + outcomes.map { Frame.result(JobResult(jobID: 42, outcome: $0, durationMillis: 250)) }
        + [.result(JobResult(jobID: .max, outcome: .exited(0), durationMillis: .max))]

    /// One mebibyte of every byte value, the largest output the tests push through whole.
    static let mebibyte: [UInt8] = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }

    static let all: [Frame] = small + [.output(jobID: 9, stream: .stdout, bytes: mebibyte)]

    static func stream(_ frames: [Frame]) -> [UInt8] {
        frames.flatMap(FrameEncoder.encode)
    }
}

extension LogLevel {
    static let allLevels: [LogLevel] = [.trace, .debug, .info, .notice, .warning, .error]
}

/// `"00 0a ff"` → `[0x00, 0x0a, 0xff]`; spaces and line breaks are ignored.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter(\.isHexDigit)
    var bytes: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        bytes.append(UInt8(digits[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}

