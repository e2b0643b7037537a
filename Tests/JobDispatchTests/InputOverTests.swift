import Foundation
import JobDispatch
import Posix
import Testing
import WorkerProtocol

extension JobDispatchTests {
    @Suite struct InputOver {
        /// A pool outlives its broadcasts (the shell's, a lent one): at the end of one
        /// with standard input, every worker that held its jobs is told the stream is over
        /// (`inputFree` to `u64` max), so a gateway's worker closes its copy then.
        @Test func everyWorkerThatReadTheInputHearsItIsOver() throws {
            let trace = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-input-over-\(UUID().uuidString)").path
            defer { unlink(trace) }
            var ends: [Int32] = [0, 0]
            try #require(pipe(&ends) == 0)
            defer { close(ends[0]) }
            _ = writeAll(Array("abc".utf8), to: ends[1])
            close(ends[1])
            let spool = try InputSpool(source: ends[0], temporaryFolder: NSTemporaryDirectory())
            defer { spool.remove() }
            let pool = FakeWorkers.pool(size: 2, "mode=echo", "trace=\(trace)")
            let results = pool.run(.command("cat"), on: FakeWorkers.hosts(4), options: BroadcastOptions(), software: "tests",
                                   input: spool) { _ in }.results
            #expect(results.count == 4 && results.values.allSatisfy { $0 == .exited(0) })
            var overs = 0
            for _ in 0..<100 where overs < 2 {  // 5 s at most: the frame follows the last result
                overs = ((try? String(contentsOfFile: trace, encoding: .utf8)) ?? "").split(separator: "\n").filter { $0 == "over" }.count
                usleep(50_000)
            }
            #expect(overs == 2, "each of the two workers hears it once")
        }
    }
}
