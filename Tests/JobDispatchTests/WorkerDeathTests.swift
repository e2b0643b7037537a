import Foundation
import JobDispatch
import Testing
import WorkerProtocol

extension JobDispatchTests {
    @Suite struct WorkerDeath {
        /// Hosts go to the least-loaded slot in order, so with two workers h0, h2 and h4
        /// share a worker. It dies on h4's job, the last it is given, holding h0's and
        /// h2's (answered after 300 ms), while the other worker still holds h1, h3 and
        /// h5: only the dead worker's hosts fail.
        @Test func aDeadWorkerFailsOnlyItsOwnHosts() throws {
            let pool = FakeWorkers.pool(size: 2, "mode=echo", "hold=300", "die-for=h4")
            let run = Recording(pool, FakeWorkers.hosts(6))
            for host in ["h0", "h2", "h4"] {
                guard case .failed(let kind, let message)? = run.results[host] else {
                    Issue.record("\(host): expected worker-died, got \(String(describing: run.results[host]))")
                    continue
                }
                #expect(kind == "worker-died")
                #expect(message.contains("exited with status 3") || message.contains("closed its stream"))
            }
            for host in ["h1", "h3", "h5"] { #expect(run.results[host] == .exited(0)) }
            let survivors = Set(["h1", "h3", "h5"].compactMap { run.workerByHost[$0] })
            #expect(survivors.count == 1)
            let dead = try #require(run.workerByHost["h0"])
            #expect(!survivors.contains(dead))
            #expect(processHasExited(dead))
            #expect(run.seconds < 30)
        }

        /// A worker that speaks of a job it was not given (as a worker on a compromised
        /// gateway could, for a host it does not reach) is not believed: it is broken,
        /// its own hosts fail, and the job it named keeps its real answer. Jobs go out
        /// h0 (1), h1 (2), h2 (3), h3 (4) over two workers; on h2's job its worker
        /// claims job 2, which the other worker holds for 300 ms.
        @Test func aWorkerClaimingAnotherWorkersJobIsBrokenAndNotBelieved() throws {
            let pool = FakeWorkers.pool(size: 2, "mode=echo", "hold=300", "forge-for=h2")
            let run = Recording(pool, FakeWorkers.hosts(4))
            for host in ["h0", "h2"] {
                guard case .failed("worker-died", let message)? = run.results[host] else {
                    Issue.record("\(host): expected worker-died, got \(String(describing: run.results[host]))")
                    continue
                }
                #expect(message.contains("which another worker holds"), "\(message)")
            }
            #expect(run.results["h1"] == .exited(0) && run.results["h3"] == .exited(0))
            let forged = run.events.contains { event in
                if case .output(_, _, let bytes) = event { return bytes == Array("forged\n".utf8) }
                return false
            }
            #expect(!forged, "the forged output reached no host's output")
            #expect(run.workerByHost["h1"] != nil && run.workerByHost["h1"] == run.workerByHost["h3"])
        }

        /// A worker killed between broadcasts leaves the live list (`workerPIDs`), and
        /// the next broadcast starts a new worker for its hosts instead of failing
        /// them on its broken pipe.
        @Test func aWorkerThatDiedIdleIsReplaced() {
            let pool = FakeWorkers.pool(size: 2, "mode=echo")
            let hosts = FakeWorkers.hosts(4)
            let first = Recording(pool, hosts)
            let victim = first.workerByHost["h0"] ?? 0
            #expect(Set(pool.workerPIDs) == Set(first.workerByHost.values))
            kill(victim, SIGKILL)
            #expect(eventually(within: 5) { processHasExited(victim) })
            #expect(eventually(within: 5) { !pool.workerPIDs.contains(victim) })
            let second = Recording(pool, hosts)
            #expect(second.results.count == 4)
            #expect(second.results.values.allSatisfy { $0 == .exited(0) })
            #expect(second.workerByHost["h0"] != victim)
            #expect(second.workerByHost["h1"] == first.workerByHost["h1"])  // the live worker keeps its hosts
        }

        /// A job that cannot be handed to its worker (the write breaks: h0's worker
        /// closed its input but lives on, and the command is bigger than a pipe's
        /// buffer) must also fail the jobs that worker still held. Before, the worker
        /// was dropped from the pool with h0's job still counted in flight on it, and
        /// the broadcast waited until the answer deadline (without a command timeout:
        /// for ever).
        @Test func aBrokenHandOffFailsTheJobsTheWorkerHeld() {
            let pool = FakeWorkers.pool(size: 2, "mode=echo", "deaf-for=h0")
            let bigCommand = String(repeating: "x", count: 256 * 1024)
            let run = Recording(pool, FakeWorkers.hosts(3), command: bigCommand,
                                options: BroadcastOptions(commandTimeout: 1))
            for host in ["h0", "h2"] {
                guard case .failed(let kind, let message)? = run.results[host] else {
                    Issue.record("\(host): expected worker-died, got \(String(describing: run.results[host]))")
                    continue
                }
                #expect(kind == "worker-died")
                #expect(!message.contains("did not answer"))  // not rescued by the hang guard
            }
            #expect(run.results["h1"] == .exited(0))
            #expect(run.results.count == 3)
            #expect(pool.workerPIDs.count == 1)
            // The deaf worker sleeps 20 s: a write blocked on a second copy of its
            // input (a pipe end inherited without close-on-exec) would wait that long.
            #expect(run.seconds < 15)
        }
    }
}
