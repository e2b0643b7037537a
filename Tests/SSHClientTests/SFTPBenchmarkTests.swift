import Foundation
import LabSupport
import SSHClient
import Testing

/// Throughput of a 100 MB put and get to one lab host, on a session already logged in.
/// Opt-in (`CHORUS_SFTP_BENCH=1`): it measures, it does not check.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CHORUS_SFTP_BENCH"] != nil))
struct SFTPBenchmarkTests {
    @Test func hundredMegabytesThereAndBack() async throws {
        let lab = try Lab.shared().manifest
        let web = lab.target(try #require(lab.hosts(inGroup: "web").first))
        let (remote, local) = (RemoteFolder(), try LocalFolder())
        defer { local.remove() }
        let size = 100_000_000
        #expect(FileManager.default.createFile(atPath: local.file("source"), contents: Data(randomBytes(size))))
        let timings = try await onOwnThread { () -> [(TransferOutcome?, Double)] in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let loop = try SSHEventLoop()
            let session = loop.connect(web)
            _ = loop.run(limit: 10) { session.phase == .ready }
            let source = try FileSource(path: local.file("source"))
            return [true, false].map { isPut in
                let box = TransferBox()
                let start = Date()
                if isPut {
                    session.put(source: source, remotePath: remote.file("big"), handler: box.record)
                } else {
                    session.get(remotePath: remote.file("big"), localPath: local.file("back"), handler: box.record)
                }
                _ = loop.run(limit: 120) { box.isDone }
                return (box.result.outcome, Date().timeIntervalSince(start))
            }
        }
        for ((outcome, seconds), name) in zip(timings, ["put", "get"]) {
            #expect(outcome == .completed(bytes: UInt64(size)))
            print("SFTP \(name) 100 MB: \(String(format: "%.2f", seconds)) s = \(String(format: "%.0f", Double(size) / 1e6 / seconds)) MB/s")
        }
    }
}
