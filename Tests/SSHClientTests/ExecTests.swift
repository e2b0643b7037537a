import LabSupport
import SSHClient
import Testing

@Suite struct ExecTests {
    @Test func keyLoginStreamsStdoutAndStderrApartWithTheExitStatus() async throws {
        let lab = try Lab.shared().manifest
        let target = lab.target(try #require(lab.hosts(inGroup: "web").first))
        let results = try await onOwnThread { try runCommands(target, ["echo out1; echo err1 >&2; echo out2; exit 3"]) }
        #expect(results == [CommandResult(stdout: Array("out1\nout2\n".utf8), stderr: Array("err1\n".utf8), outcome: .exited(3))])
    }

    @Test func passwordLoginWorks() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "db").first)
        let results = try await onOwnThread { try runCommands(lab.target(host), ["id -un"]) }
        #expect(results.first?.stdoutText == "\(host.user)\n")
        #expect(results.first?.outcome == .exited(0))
    }

    @Test func manyCommandsShareOneConnection() async throws {
        let lab = try Lab.shared().manifest
        let target = lab.target(try #require(lab.hosts(inGroup: "cache").first))
        let results = try await onOwnThread { try runCommands(target, Array(repeating: "echo $SSH_CONNECTION", count: 4)) }
        #expect(results.allSatisfy { $0.outcome == .exited(0) })
        #expect(Set(results.map(\.stdoutText)).count == 1, "every command must come over the same TCP connection")
    }

    @Test func signalIsReportedOverTheZeroStatus() async throws {
        let lab = try Lab.shared().manifest
        let target = lab.target(try #require(lab.hosts(inGroup: "web").first))
        let results = try await onOwnThread { try runCommands(target, ["kill -TERM $$", "kill -KILL $$", "exit 255"]) }
        #expect(results.map(\.outcome) == [.signalled("TERM"), .signalled("KILL"), .exited(255)])
    }

    @Test func threeMegabytesOfStderrBeforeStdoutDoNotStall() async throws {
        let lab = try Lab.shared().manifest
        let target = lab.target(try #require(lab.hosts(inGroup: "web").dropFirst().first))
        let results = try await onOwnThread {
            try runCommands(target, ["head -c 3000000 /dev/zero | tr '\\0' x >&2; echo done"], limit: 20)
        }
        #expect(results.first?.stderr.count == 3_000_000)
        #expect(results.first?.stdoutText == "done\n")
        #expect(results.first?.outcome == .exited(0))
    }

    @Test func binaryOutputArrivesByteExact() async throws {
        let lab = try Lab.shared().manifest
        let target = lab.target(try #require(lab.hosts(inGroup: "web").first))
        let results = try await onOwnThread { try runCommands(target, ["printf '\\000\\001\\377\\n\\376'"]) }
        #expect(results.first?.stdout == [0, 1, 255, 10, 254])
    }

    @Test func ptyMergesStreamsAndReportsATerminal() async throws {
        let lab = try Lab.shared().manifest
        let target = lab.target(try #require(lab.hosts(inGroup: "web").first))
        let results = try await onOwnThread { try runCommands(target, ["tty; echo err >&2"], pty: true) }
        let text = try #require(results.first).stdoutText
        #expect(text.hasPrefix("/dev/pts/"))
        #expect(text.hasSuffix("err\r\n"))
        #expect(results.first?.stderr.isEmpty == true)
    }

    @Test func oneThreadDrivesEveryLabHostAtOnce() async throws {
        let lab = try Lab.shared().manifest
        let hosts = lab.hosts
        #expect(hosts.count >= 100)
        let results = try await onOwnThread { () -> [String: CommandResult] in
            let loop = try SSHEventLoop()
            var boxes: [String: ResultBox] = [:]
            for host in hosts {
                let box = ResultBox()
                loop.connect(lab.target(host)).exec("echo $SSH_CONNECTION", handler: box.record)
                boxes[host.name] = box
            }
            _ = loop.run(limit: 60) { boxes.values.allSatisfy(\.isDone) }
            return boxes.mapValues(\.result)
        }
        for host in hosts {
            let result = results[host.name]
            #expect(result?.outcome == .exited(0), "\(host.name): \(String(describing: result?.outcome))")
            #expect(result?.stdoutText.split(separator: " ").dropFirst(2).first.map(String.init) == host.address)
        }
    }
}

@Suite struct IPv6Tests {
    @Test func connectsOverIPv6() async throws {
        let lab = try Lab.start(hosts: 1, ports: 1, ipv6: true)
        defer { try? lab.stop() }
        let host = try #require(lab.manifest.hosts(inGroup: "ipv6").first)
        #expect(host.address == "::1")
        let target = lab.manifest.target(host)
        let results = try await onOwnThread { try runCommands(target, ["echo $SSH_CONNECTION"]) }
        #expect(results.first?.outcome == .exited(0))
        #expect(results.first?.stdoutText.hasPrefix("::1 ") == true)
        #expect(results.first?.stdoutText.hasSuffix(" ::1 \(host.port)\n") == true)
    }
}
