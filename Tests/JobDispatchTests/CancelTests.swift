import Foundation
import JobDispatch
import Testing
import WorkerProtocol

extension JobDispatchTests {
    /// Cancel comes as production's does: a signal on the broadcast's signal pipe
    /// (SIGUSR1 here, raised once every host's job is running, so no test sends ^C).
    @Suite struct Cancel {
        private static func cancelOnceRunning(_ pool: WorkerPool, hosts: Int) -> Recording {
            let signals = SignalPipe(signals: [SIGUSR1])
            var running = 0
            return withExtendedLifetime(signals) {
                Recording(pool, FakeWorkers.hosts(hosts), signals: signals) { event in
                    guard case .output = event else { return }
                    running += 1
                    if running == hosts { raise(SIGUSR1) }
                }
            }
        }

        @Test func honouredCancelReportsCancelled() {
            let pool = FakeWorkers.pool(size: 2, "mode=silent")
            let run = Self.cancelOnceRunning(pool, hosts: 4)
            #expect(run.results.count == 4)
            #expect(run.results.values.allSatisfy { $0 == .cancelled })
            #expect(run.seconds < 30)
        }

        /// Output still on its way when the cancel comes is read and dropped, never
        /// shown: a slow terminal cannot hold the cancel behind it. (Before, the shell
        /// wrote it all out first, and a worker flooding a slow terminal was killed
        /// when the grace ran out.)
        @Test func aCancelOvertakesOutputOnItsWay() {
            let pool = FakeWorkers.pool(size: 1, "mode=flood", "bytes=\(64 * FlowControl.windowBytes)")
            let signals = SignalPipe(signals: [SIGUSR1])
            var shown = 0
            let run = withExtendedLifetime(signals) {
                Recording(pool, FakeWorkers.hosts(1), signals: signals) { event in
                    guard case .output = event else { return }
                    shown += 1
                    if shown == 1 { raise(SIGUSR1) }
                }
            }
            #expect(run.results == ["h0": .cancelled])
            #expect(shown == 1, "output after the cancel was shown")
            #expect(run.seconds < 30)
        }

        /// Past the grace period (3 s) the workers still holding jobs are killed and
        /// their hosts fail as worker-died.
        @Test func ignoredCancelKillsTheWorkerAfterTheGrace() {
            let pool = FakeWorkers.pool(size: 2, "mode=ignore-cancel")
            let run = Self.cancelOnceRunning(pool, hosts: 4)
            let workers = Set(run.workerByHost.values)
            #expect(workers.count == 2)
            #expect(run.results.count == 4)
            for outcome in run.results.values {
                guard case .failed(let kind, let message) = outcome else {
                    Issue.record("expected worker-died, got \(outcome)")
                    continue
                }
                #expect(kind == "worker-died")
                #expect(message.contains("did not confirm the cancel in time"))
            }
            for pid in workers { #expect(processHasExited(pid)) }
            #expect(pool.workerPIDs.isEmpty)
            #expect(run.seconds < 30)
        }
    }
}
