import Foundation
import JobDispatch
import Testing
import WorkerProtocol

extension JobDispatchTests {
    @Suite struct Fanout {
        /// Fake workers mark each job's arrival and end in one trace file: a worker
        /// writes `-` before its result, and the shell sends the next job only after a
        /// result, so replaying the file gives the jobs in flight at every moment.
        @Test func neverMoreThanFanoutJobsInFlight() throws {
            let trace = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-fanout-\(UUID().uuidString)").path
            defer { unlink(trace) }
            let pool = FakeWorkers.pool(size: 4, "mode=echo", "hold=50", "trace=\(trace)")
            let run = Recording(pool, FakeWorkers.hosts(12), options: BroadcastOptions(fanout: 3))
            #expect(run.results.count == 12)
            #expect(run.results.values.allSatisfy { $0 == .exited(0) })
            let marks = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
            var inFlight = 0, most = 0
            for mark in marks {
                inFlight += mark == "+" ? 1 : -1
                most = max(most, inFlight)
            }
            #expect(marks.count == 24)
            #expect(most <= 3)
            #expect(most >= 2)  // the cap was reached for real, not a one-at-a-time run
            #expect(run.seconds < 30)
        }
    }
}
