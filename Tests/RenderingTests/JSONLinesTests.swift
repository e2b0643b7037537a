import Foundation
import Rendering
import Testing
import WorkerProtocol

@Suite struct JSONLinesTests {
    static let fields: Set<String> = ["host", "status", "exit_code", "signal", "stdout", "stderr", "error", "duration_ms"]

    private func parse(_ line: String) throws -> [String: Any] {
        #expect(!line.contains("\n"))
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    /// Exact text: field order and spelling must not drift.
    @Test(arguments: [
        (result("web01", .exited(0), 12), "up\n", "",
         #"{"host":"web01","status":"ok","exit_code":0,"signal":null,"stdout":"up\n","stderr":"","error":null,"duration_ms":12}"#),
        (result("web02", .exited(3), 7), "", "bad\n",
         #"{"host":"web02","status":"exited","exit_code":3,"signal":null,"stdout":"","stderr":"bad\n","error":null,"duration_ms":7}"#),
        (result("web03", .signalled("TERM"), 9), "", "",
         #"{"host":"web03","status":"signalled","exit_code":null,"signal":"TERM","stdout":"","stderr":"","error":null,"duration_ms":9}"#),
        (result("web04", .timedOut, 5000), "partial", "",
         #"{"host":"web04","status":"timeout","exit_code":null,"signal":null,"stdout":"partial","stderr":"","error":null,"duration_ms":5000}"#),
        (result("web05", .cancelled, 1), "", "",
         #"{"host":"web05","status":"cancelled","exit_code":null,"signal":null,"stdout":"","stderr":"","error":null,"duration_ms":1}"#),
        (result("db1", refused, 3), "", "",
         #"{"host":"db1","status":"failed","exit_code":null,"signal":null,"stdout":"","stderr":"","error":"refused: connection refused","duration_ms":3}"#),
        (result("db2", .failed(kind: "worker-died", message: ""), 0), "", "",
         #"{"host":"db2","status":"failed","exit_code":null,"signal":null,"stdout":"","stderr":"","error":"worker-died","duration_ms":0}"#),
        (result("db3", .failed(kind: "", message: ""), 0), "", "",
         #"{"host":"db3","status":"failed","exit_code":null,"signal":null,"stdout":"","stderr":"","error":"failed","duration_ms":0}"#),
        (result("db4", .exited(-1), 0), "", "",
         #"{"host":"db4","status":"exited","exit_code":-1,"signal":null,"stdout":"","stderr":"","error":null,"duration_ms":0}"#),
    ])
    func snapshot(result: HostResult, stdout: String, stderr: String, expected: String) throws {
        let line = JSONLines.host(result, stdout: bytes(stdout), stderr: bytes(stderr))
        #expect(line == expected)
        let object = try parse(line)
        #expect(Set(object.keys) == Self.fields)
        #expect((object["status"] as? String == "ok") == (result.outcome == .exited(0)))
        if case .failed = result.outcome {
            #expect(!((object["error"] as? String) ?? "").isEmpty)
        } else {
            #expect(object["error"] is NSNull)
        }
    }

    @Test(arguments: [
        "plain", "quote \" backslash \\ slash /", "newline\nreturn\rtab\t", "bell\u{07} nul\u{0} esc\u{1B}[0m del\u{7F}",
        "\u{08}\u{0C}\u{1F}", "line sep \u{2028} para sep \u{2029}", "unicode é € 😀 日本", "",
        String(repeating: "long ", count: 1000),
    ])
    func stringsRoundTrip(text: String) throws {
        let line = JSONLines.host(result("h", .exited(0)), stdout: bytes(text), stderr: bytes(text + "!"))
        let object = try parse(line)
        #expect(object["stdout"] as? String == text)
        #expect(object["stderr"] as? String == text + "!")
        #expect(Set(object.keys) == Self.fields)
        // Nothing below U+0020, no DEL and no U+2028/9 raw in the line.
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{2028}" || $0 == "\u{2029}" })
    }

    @Test func escapesAreExact() {
        let line = JSONLines.host(result("a\"b", .exited(0), 0), stdout: bytes("\"\\\n\u{1}\u{7F}\u{2028}é"), stderr: [])
        #expect(line == #"{"host":"a\"b","status":"ok","exit_code":0,"signal":null,"stdout":"\"\\\n\u0001\u007f\u2028é","stderr":"","error":null,"duration_ms":0}"#)
    }

    @Test(arguments: [
        [0xFF], [0x61, 0xC3], [0xED, 0xA0, 0x80], [0x00, 0x80, 0xFE, 0x0A], (0...255).map { UInt8($0) },
    ] as [[UInt8]])
    func invalidUTF8RoundTripsThroughBase64(raw: [UInt8]) throws {
        let line = JSONLines.host(result("bin", .exited(0)), stdout: raw, stderr: bytes("fine"))
        let object = try parse(line)
        #expect(Set(object.keys) == Self.fields.union(["stdout_base64"]))
        let encoded = try #require(object["stdout_base64"] as? String)
        #expect(Data(base64Encoded: encoded).map(Array.init) == raw)
        #expect(object["stdout"] as? String == String(decoding: raw, as: UTF8.self))
        #expect(object["stderr"] as? String == "fine")
    }

    @Test func invalidStderrGetsItsOwnField() throws {
        let line = JSONLines.host(result("bin", .exited(0), 1), stdout: [0xFF], stderr: [0xFE, 0x41])
        #expect(line == #"{"host":"bin","status":"ok","exit_code":0,"signal":null,"stdout":"\#u{FFFD}","stderr":"\#u{FFFD}A","stdout_base64":"/w==","stderr_base64":"/kE=","error":null,"duration_ms":1}"#)
        let object = try parse(line)
        #expect(Data(base64Encoded: try #require(object["stderr_base64"] as? String)).map(Array.init) == [0xFE, 0x41])
    }

    @Test(arguments: Array(0...7))
    func base64PaddingForEveryLength(length: Int) throws {
        let raw = [UInt8](repeating: 0xFF, count: length + 1)
        let object = try parse(JSONLines.host(result("h", .exited(0)), stdout: raw, stderr: []))
        #expect(Data(base64Encoded: try #require(object["stdout_base64"] as? String)).map(Array.init) == raw)
    }

    @Test func summarySnapshot() throws {
        let results = [
            result("a", .exited(0)), result("b", .exited(0)), result("c", .exited(2)), result("d", .signalled("KILL")),
            result("e", .timedOut), result("f", .cancelled), result("g", refused), result("h", refused),
        ]
        let line = JSONLines.summary(results, wallMillis: 410)
        #expect(line == #"{"summary":{"hosts":8,"ok":2,"exited":1,"signalled":1,"timeout":1,"cancelled":1,"failed":2,"wall_ms":410}}"#)
        let object = try parse(line)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["hosts"] as? Int == 8)
        #expect(JSONLines.summary([], wallMillis: 0)
            == #"{"summary":{"hosts":0,"ok":0,"exited":0,"signalled":0,"timeout":0,"cancelled":0,"failed":0,"wall_ms":0}}"#)
    }
}
