import Rendering
import Testing
import WorkerProtocol

@Suite struct SummaryTests {
    @Test func allOk() {
        let results = (1...14).map { result("web\($0)", .exited(0)) }
        #expect(Summary.text(results, wallSeconds: 0.41, color: false) == "✓ 14 ok  0.41 s\n")
    }

    @Test func reasonsBySeverityThenFirstHost() {
        let results = [
            result("web07", .exited(1)), result("web03", .exited(1)), result("web05", .exited(2)),
            result("db2", refused), result("db1", refused), result("app1", .failed(kind: "auth-failed", message: "password rejected")),
            result("web09", .timedOut), result("web08", .signalled("TERM")), result("web10", .cancelled),
            result("web01", .exited(0)), result("web02", .exited(0)),
        ]
        #expect(Summary.text(results, wallSeconds: 12.34, color: false) == """
            ✓ 2 ok  ✗ 9 failed  12.3 s
              timed out: web09
              killed by TERM: web08
              cancelled: web10
              auth-failed (password rejected): app1
              refused (connection refused): db[1-2]
              exited 1: web[03,07]
              exited 2: web05

            """)
    }

    @Test func sameSeverityOrderedByFirstHostInSetOrder() {
        let results = [result("n10", .exited(1)), result("n9", .exited(2)), result("m1", .signalled("KILL")), result("n2", .signalled("HUP"))]
        #expect(Summary.text(results, wallSeconds: 1, color: false) == """
            ✓ 0 ok  ✗ 4 failed  1.00 s
              killed by KILL: m1
              killed by HUP: n2
              exited 2: n9
              exited 1: n10

            """)
    }

    @Test func messagesAreEscapedAndEmptyMessagesOmitted() {
        let results = [result("a", .failed(kind: "unreachable", message: "no route\u{1B}[2J")), result("b", .failed(kind: "worker-died", message: ""))]
        #expect(Summary.text(results, wallSeconds: 0, color: false) == """
            ✓ 0 ok  ✗ 2 failed  0.00 s
              unreachable (no route\\x1b[2J): a
              worker-died: b

            """)
    }

    @Test func colour() {
        let text = Summary.text([result("a", .exited(0)), result("b", .exited(1))], wallSeconds: 0.5, color: true)
        #expect(text == "\u{1B}[32m✓ 1 ok\u{1B}[0m  \u{1B}[31m✗ 1 failed\u{1B}[0m  0.50 s\n  exited 1: b\n")
    }

    @Test func noHosts() {
        #expect(Summary.text([], wallSeconds: 0.001, color: false) == "✓ 0 ok  0.00 s\n")
    }

    @Test(arguments: [
        (0.0, "0.00 s"), (0.004, "0.00 s"), (0.005, "0.01 s"), (0.41, "0.41 s"), (9.994, "9.99 s"), (9.996, "10.0 s"),
        (12.34, "12.3 s"), (59.94, "59.9 s"), (59.96, "1m 00s"), (65, "1m 05s"), (3725, "62m 05s"),
        (-1, "0.00 s"), (.nan, "0.00 s"), (.infinity, "0.00 s"),
    ])
    func durations(seconds: Double, text: String) {
        #expect(Summary.duration(seconds) == text)
    }
}
