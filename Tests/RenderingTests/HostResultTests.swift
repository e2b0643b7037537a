import Rendering
import Testing
import WorkerProtocol

@Suite struct HostResultTests {
    @Test(arguments: [
        (JobOutcome.exited(0), HostOutcome.exited(0), "ok", "exited 0"),
        (.exited(7), .exited(7), "exited", "exited 7"),
        (.signalled("KILL"), .signalled("KILL"), "signalled", "killed by KILL"),
        (.timedOut, .timedOut, "timeout", "timed out"),
        (.cancelled, .cancelled, "cancelled", "cancelled"),
        (.failed(kind: "host-key-changed", message: "key for web1 changed"),
         .failed(kind: "host-key-changed", message: "key for web1 changed"), "failed", "host-key-changed: key for web1 changed"),
    ])
    func fromTheWorkerProtocol(job: JobOutcome, outcome: HostOutcome, status: String, reason: String) {
        let result = HostResult(host: "web1", JobResult(jobID: 9, outcome: job, durationMillis: 40))
        #expect(result == HostResult(host: "web1", outcome: outcome, durationMillis: 40))
        #expect(outcome.statusName == status)
        #expect(outcome.reason == reason)
        #expect(outcome.isOK == (status == "ok"))
    }
}
