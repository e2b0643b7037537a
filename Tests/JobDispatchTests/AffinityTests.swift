import JobDispatch
import Testing
import WorkerProtocol

extension JobDispatchTests {
    @Suite struct Affinity {
        /// A host's SSH session lives in its worker, so its next command must go there.
        @Test func hostStaysWithItsWorkerAcrossBroadcasts() {
            let pool = FakeWorkers.pool(size: 3, "mode=echo")
            let hosts = FakeWorkers.hosts(9)
            let first = Recording(pool, hosts)
            let second = Recording(pool, hosts)
            #expect(first.workerByHost.count == 9)
            #expect(first.workerByHost == second.workerByHost)
            #expect(Set(first.workerByHost.values).count == 3)  // spread over the pool
            #expect(Set(pool.workerPIDs) == Set(first.workerByHost.values))
        }
    }
}
