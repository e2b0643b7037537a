import Foundation
import LabSupport
import Secrets
import Testing
import WorkerProtocol

/// The real worker (`chorus __worker`) fed frames as a worker on a gateway gets them: a
/// key's contents and a known_hosts path relative to the worker's own home.
@Suite struct WorkerKeyDataTests {
    /// A home and a `$TMPDIR` of the worker's own, to see what it reads and writes.
    final class WorkerFolders {
        let home = NSTemporaryDirectory() + "chorus-gw-home-\(UUID().uuidString)"
        let temporary = NSTemporaryDirectory() + "chorus-gw-tmp-\(UUID().uuidString)"

        init(knownHosts: String) throws {
            let files = FileManager.default
            try files.createDirectory(atPath: home + "/.ssh", withIntermediateDirectories: true)
            try files.createDirectory(atPath: temporary, withIntermediateDirectories: true)
            try files.copyItem(atPath: knownHosts, toPath: home + "/.ssh/known_hosts")
        }

        deinit {
            try? FileManager.default.removeItem(atPath: home)
            try? FileManager.default.removeItem(atPath: temporary)
        }

        /// Every file and folder under `path`, relative to it.
        func contents(of path: String) -> [String] {
            ((try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []).sorted()
        }
    }

    @Test func aWorkerLogsInWithKeyContentsAndTheKnownHostsInItsHome() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").first)
        let key = try TemporaryKey(type: "ed25519", passphrase: "gw pass")
        defer { key.remove() }
        try key.authorize(in: lab, user: host.user)
        let bytes = try SecretBytes(contentsOfFile: key.path)
        key.remove()  // the worker has only the frame's copy
        let folders = try WorkerFolders(knownHosts: lab.knownHosts)
        let knownHostsBefore = try Data(contentsOf: URL(fileURLWithPath: folders.home + "/.ssh/known_hosts"))
        let spec = { (id: UInt32, knownHosts: String) in
            HostSpec(hostID: id, name: host.name, hostname: host.address, port: UInt16(host.port), username: host.user,
                     auth: [.keyData(name: "/client/.ssh/id_gw", key: bytes, passphrase: Secret("gw pass"))],
                     knownHostsPath: knownHosts, hostKeyPolicy: .strict, connectTimeoutMillis: 10_000, keepaliveSeconds: 0)
        }
        let frames: [Frame] = [
            .openHost(spec(1, "~/.ssh/known_hosts")), .openHost(spec(2, "~/.ssh/no_such_file")),
            .exec(ExecJob(jobID: 1, hostID: 1, command: "echo via-worker")),
            .exec(ExecJob(jobID: 2, hostID: 2, command: "echo never")),
        ]
        let environment = ["HOME": folders.home, "TMPDIR": folders.temporary, "PATH": "/usr/bin:/bin"]
        let run = try await onOwnThread {
            try WorkerSession.run(BinaryTests.binary, environment: environment, frames: frames, jobs: 2)
        }
        #expect(run.stdout[1] == "via-worker\n")
        #expect(run.results[1] == .exited(0), "\(run.results)")
        guard case .failed(let kind, let message)? = run.results[2] else {
            Issue.record("job 2: \(String(describing: run.results[2]))")
            return
        }
        #expect(["host-key-unknown", "known-hosts"].contains(kind), "a missing file of its own home, strict: \(kind): \(message)")
        #expect(folders.contents(of: folders.temporary) == [], "nothing written to the worker's TMPDIR")
        #expect(folders.contents(of: folders.home) == [".ssh", ".ssh/known_hosts"], "nothing else in its home")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folders.home + "/.ssh/known_hosts")) == knownHostsBefore)
    }
}

/// One worker process spoken to in frames: hello, the given frames, then reading until
/// `jobs` results came (or 60 s passed), then bye.
enum WorkerSession {
    struct Run {
        var stdout: [UInt64: String] = [:]
        var results: [UInt64: JobOutcome] = [:]
    }

    static func run(_ binary: String, environment: [String: String], frames: [Frame], jobs: Int) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["__worker"]
        process.environment = environment
        let input = Pipe(), output = Pipe()
        (process.standardInput, process.standardOutput) = (input, output)
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let hello = Frame.hello(Hello(role: .shell, software: "test"))
        input.fileHandleForWriting.write(Data(([hello] + frames).flatMap(FrameEncoder.encode)))
        let run = try read(output.fileHandleForReading.fileDescriptor, jobs: jobs)
        input.fileHandleForWriting.write(Data(FrameEncoder.encode(.bye)))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        return run
    }

    private static func read(_ fd: Int32, jobs: Int) throws -> Run {
        var decoder = FrameDecoder()
        var run = Run()
        let deadline = Date().addingTimeInterval(60)
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while run.results.count < jobs, Date() < deadline {
            var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 1000) > 0 else { continue }
            let count = Foundation.read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            decoder.feed(Array(buffer[..<count]))
            while let frame = try decoder.next() { note(frame, in: &run) }
        }
        return run
    }

    private static func note(_ frame: Frame, in run: inout Run) {
        switch frame {
        case .output(let job, .stdout, let bytes): run.stdout[job, default: ""] += String(decoding: bytes, as: UTF8.self)
        case .result(let result): run.results[result.jobID] = result.outcome
        default: break
        }
    }
}
