import Foundation
import JobDispatch
import Testing
import WorkerProtocol

extension JobDispatchTests {
    @Suite struct DescriptorLeak {
        /// Open descriptors of this process.
        static func openDescriptors() -> Int {
            (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
        }

        /// A worker binary that does not exist (a bad `CHORUS_WORKER_BINARY`) fails
        /// every host, one spawn attempt each; none may leave its pipes open, or
        /// thousands of hosts run the shell out of descriptors (EMFILE).
        @Test func failedSpawnsCloseTheirPipes() {
            let pool = WorkerPool(size: 4, workerCommand: ["/nonexistent/chorus-worker", "__worker"])
            let before = Self.openDescriptors()
            let run = Recording(pool, FakeWorkers.hosts(300))
            let after = Self.openDescriptors()
            #expect(run.results.count == 300)
            for outcome in run.results.values {
                guard case .failed(let kind, let message) = outcome else {
                    Issue.record("expected worker-died, got \(outcome)")
                    continue
                }
                #expect(kind == "worker-died")
                #expect(message.contains("cannot start worker"))
            }
            // Four per host leaked before (1,200); the slack is for suites of other
            // targets that may open descriptors meanwhile in a whole-package run.
            #expect(after - before < 64, "descriptors open: \(before) before, \(after) after")
        }
    }
}
