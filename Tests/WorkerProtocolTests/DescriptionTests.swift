import Secrets
import Testing
import WorkerProtocol

/// Frame descriptions are safe to log: no secret values, no output contents.
@Suite struct DescriptionTests {
    static let password = "hunter2-PASSWORD"
    static let passphrase = "passphrase-4f7a"
    static let output = "TOP-SECRET-OUTPUT"
    static let keyText = "-----BEGIN OPENSSH PRIVATE KEY-----\nKEY-CONTENTS-9c1d\n"

    static let secretFrames: [Frame] = [
        .openHost(
            HostSpec(
                hostID: 3, name: "db1", hostname: "10.0.0.3", username: "root",
                auth: [.password(Secret(password)), .keyFile(path: "/k", passphrase: Secret(passphrase)), .agent(socket: nil)],
                knownHostsPath: "/kh", connectTimeoutMillis: 5000, keepaliveSeconds: 30)),
        .output(jobID: 1, stream: .stdout, bytes: Array(output.utf8)),
        .output(jobID: 1, stream: .stderr, bytes: Array("\(password)\n".utf8)),
        .openHost(
            HostSpec(
                hostID: 4, name: "web1", hostname: "10.0.0.4", username: "root", auth: [],
                knownHostsPath: "/kh", connectTimeoutMillis: 5000, keepaliveSeconds: 30,
                jumps: [
                    JumpSpec(name: "gw", hostname: "gw", username: "jump",
                             auth: [.password(Secret(password)), .keyFile(path: "/k", passphrase: Secret(passphrase))],
                             knownHostsPath: "/kh", connectTimeoutMillis: 5000, keepaliveSeconds: 30)
                ])),
        .openHost(
            HostSpec(
                hostID: 5, name: "app1", hostname: "10.0.0.5", username: "root",
                auth: [.keyData(name: "/home/op/.ssh/id_ed25519", key: SecretBytes(Array(keyText.utf8)),
                                passphrase: Secret(passphrase)),
                       .keyData(name: "/k2", key: SecretBytes(Array(keyText.utf8)), passphrase: nil)],
                knownHostsPath: "~/.ssh/known_hosts", connectTimeoutMillis: 5000, keepaliveSeconds: 30,
                jumps: [
                    JumpSpec(name: "gw", hostname: "gw", username: "jump",
                             auth: [.keyData(name: "/kj", key: SecretBytes(Array(keyText.utf8)), passphrase: nil)],
                             knownHostsPath: "/kh", connectTimeoutMillis: 5000, keepaliveSeconds: 30)
                ])),
    ]

    @Test(arguments: secretFrames)
    func neverShowsSecretsOrOutput(_ frame: Frame) {
        var dumped = ""
        dump(frame, to: &dumped)
        for text in [frame.description, "\(frame)", String(reflecting: frame), dumped, "\([frame])"] {
            for secret in [Self.password, Self.passphrase, Self.output, "KEY-CONTENTS", "BEGIN OPENSSH"] {
                #expect(!text.contains(secret), "leaked in: \(text)")
            }
        }
    }

    @Test func showsWhatIsSafe() {
        #expect(
            Self.secretFrames[0].description
                == "openHost(host 3 \"db1\" \"root\"@\"10.0.0.3\":22, auth [password <redacted>, "
                + "key \"/k\" with passphrase <redacted>, agent], known hosts \"/kh\", accept-new, "
                + "connect timeout 5000 ms, keepalive 30 s)")
        #expect(Self.secretFrames[1].description == "output(job 1, stdout, 17 bytes)")
        #expect(
            Self.secretFrames[3].description
                == "openHost(host 4 \"web1\" \"root\"@\"10.0.0.4\":22, auth [], known hosts \"/kh\", accept-new, "
                + "connect timeout 5000 ms, keepalive 30 s, via [bastion \"gw\" \"jump\"@\"gw\":22, auth [password <redacted>, "
                + "key \"/k\" with passphrase <redacted>], known hosts \"/kh\", accept-new, connect timeout 5000 ms, keepalive 30 s])")
        #expect(
            Self.secretFrames[4].description
                == "openHost(host 5 \"app1\" \"root\"@\"10.0.0.5\":22, auth [key \"/home/op/.ssh/id_ed25519\" contents "
                + "<redacted> with passphrase <redacted>, key \"/k2\" contents <redacted>], known hosts \"~/.ssh/known_hosts\", "
                + "accept-new, connect timeout 5000 ms, keepalive 30 s, via [bastion \"gw\" \"jump\"@\"gw\":22, auth [key \"/kj\" "
                + "contents <redacted>], known hosts \"/kh\", accept-new, connect timeout 5000 ms, keepalive 30 s])")
        #expect(Frame.bye.description == "bye")
        #expect(Frame.hello(Hello(role: .worker, software: "chorus 0.1.0")).description == "hello(version 6, worker, \"chorus 0.1.0\")")
        #expect(Frame.cancel(jobID: 2, timedOut: true).description == "cancel(job 2, timed out)")
        // Input travels to a gateway's worker in frames: its bytes are shown as a count, like output.
        #expect(Frame.inputData(streamID: 2, offset: 9, bytes: Array("secret".utf8)).description == "inputData(stream 2, 6 bytes at 9)")
        #expect(Frame.inputFree(streamID: 2, below: 8 << 20).description == "inputFree(stream 2, below 8388608)")
        #expect(Frame.inputFree(streamID: 2, below: .max).description == "inputFree(stream 2, over)")
        #expect(
            Frame.exec(ExecJob(jobID: 4, hostID: 3, command: "df -h\nuptime", pty: true, timeoutMillis: 100)).description
                == "exec(job 4 on host 3, pty, timeout 100 ms: \"df -h\\nuptime\")")
        #expect(
            Frame.result(JobResult(jobID: 4, outcome: .failed(kind: "refused", message: "connection refused"), durationMillis: 3))
                .description == "result(job 4 failed (refused): connection refused after 3 ms)")
        #expect(Frame.log(level: .warning, message: "a\u{1b}[31m").description == "log(warning, \"a\\u{1b}[31m\")")
        #expect(Frame.log(level: .info, message: "q\"\u{2028}\u{85}").description == #"log(info, "q\"\u{2028}\u{85}")"#)
        #expect(
            Frame.result(JobResult(jobID: 1, outcome: .failed(kind: "x", message: "a\nb"), durationMillis: 0)).description
                == #"result(job 1 failed (x): a\nb after 0 ms)"#)
    }

    @Test func everySampleDescriptionIsOneLine() {
        for frame in SampleFrames.all {
            #expect(!frame.description.contains("\n"), "\(frame)")
        }
    }
}
