import JobDispatch
import Testing
import WorkerProtocol

extension JobDispatchTests {
    /// The flow-control rule (PROTOCOL.md): a worker may have sent at most
    /// `FlowControl.windowBytes` of a job's output beyond the credit the shell returned;
    /// the shell returns credit for output it has consumed, once a quarter of the window
    /// has piled up. The fake worker keeps the worker's side (`OutputAllowance`), logs
    /// every credit with what it had sent, and fails the job as `stalled` if credit
    /// stops coming for 5 s.
    @Suite struct CreditFlow {
        @Test func outputBeyondTheWindowFlowsOnlyAsCreditReturns() throws {
            let bytes = 3 * FlowControl.windowBytes + 12345
            let pool = FakeWorkers.pool(size: 1, "mode=flood", "bytes=\(bytes)")
            let run = Recording(pool, FakeWorkers.hosts(2))
            #expect(run.results == ["h0": .exited(0), "h1": .exited(0)])
            for host in ["h0", "h1"] { #expect(run.outputBytes(of: host) == bytes) }
            var credited: [String: Int] = [:]
            for line in run.logs {
                let fields = try #require(Self.fields(line))
                credited[fields.job, default: 0] += fields.bytes
                #expect(fields.bytes >= FlowControl.creditThreshold)  // credit comes in quarters, not per chunk
                #expect(credited[fields.job, default: 0] <= fields.sent)  // never credit for bytes not yet sent
            }
            #expect(credited.count == 2)
            for total in credited.values {
                #expect(total >= bytes - FlowControl.windowBytes)  // the worker could not finish otherwise
                #expect(total <= bytes)
            }
            #expect(run.seconds < 30)
        }

        /// `credit job=J bytes=N sent=S`.
        private static func fields(_ line: String) -> (job: String, bytes: Int, sent: Int)? {
            let values = Dictionary(uniqueKeysWithValues: line.split(separator: " ").dropFirst().compactMap { word in
                let parts = word.split(separator: "=").map(String.init)
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            })
            guard let job = values["job"], let bytes = values["bytes"].flatMap(Int.init),
                  let sent = values["sent"].flatMap(Int.init) else { return nil }
            return (job, bytes, sent)
        }
    }
}
