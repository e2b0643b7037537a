import Digests
import WorkerProtocol

// JSON-lines output for scripts: one object per host, then one summary object.
//
//     {"host":"web01","status":"ok","exit_code":0,"signal":null,"stdout":"…","stderr":"",
//      "error":null,"duration_ms":12}
//
// (one line in reality). `status` is `ok` exactly when the command ran and exited 0;
// otherwise `exited`, `signalled`, `timeout`, `cancelled` or `failed` (SSH level, with a
// non-empty `error` such as `refused: connection refused`). `exit_code` is set only for
// `ok`/`exited`, `signal` only for `signalled`.
//
// Output that is not valid UTF-8 must still round-trip: then `stdout` holds a lossy
// decoding (U+FFFD for each invalid sequence) and an extra field `stdout_base64`, placed
// right after `stderr`, holds the exact bytes (likewise `stderr_base64`). Valid output
// never has the extra field, so the usual object has exactly the eight fields.

public enum JSONLines {
    /// One host's object, on one line, without a newline.
    public static func host(_ result: HostResult, stdout: [UInt8], stderr: [UInt8]) -> String {
        var object = JSONObject()
        object.add("host", result.host)
        object.add("status", result.outcome.statusName)
        object.add("exit_code", exitCode(result.outcome))
        object.add("signal", signal(result.outcome))
        object.add("stdout", String(decoding: stdout, as: UTF8.self))
        object.add("stderr", String(decoding: stderr, as: UTF8.self))
        if !UTF8Scan.isValid(stdout) { object.add("stdout_base64", Base64.encode(stdout)) }
        if !UTF8Scan.isValid(stderr) { object.add("stderr_base64", Base64.encode(stderr)) }
        object.add("error", error(result.outcome))
        object.add("duration_ms", result.durationMillis)
        return object.text
    }

    /// The closing object: counts per status and the broadcast's wall time.
    public static func summary(_ results: [HostResult], wallMillis: UInt64) -> String {
        var counts = JSONObject()
        counts.add("hosts", results.count)
        for status in ["ok", "exited", "signalled", "timeout", "cancelled", "failed"] {
            counts.add(status, results.count { $0.outcome.statusName == status })
        }
        counts.add("wall_ms", wallMillis)
        var object = JSONObject()
        object.add("summary", raw: counts.text)
        return object.text
    }

    private static func exitCode(_ outcome: HostOutcome) -> Int32? {
        if case .exited(let status) = outcome { return status }
        return nil
    }

    private static func signal(_ outcome: HostOutcome) -> String? {
        if case .signalled(let name) = outcome { return name }
        return nil
    }

    /// `kind: message` for SSH-level failures, never empty (`failed` when both are).
    private static func error(_ outcome: HostOutcome) -> String? {
        guard case .failed(let kind, let message) = outcome else { return nil }
        let parts = [kind, message].filter { !$0.isEmpty }
        if parts.count == 2, kind == message { return kind }
        return parts.isEmpty ? "failed" : parts.joined(separator: ": ")
    }
}
