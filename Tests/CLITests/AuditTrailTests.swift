import Foundation
import LabSupport
import Testing

/// The audit trail end to end: the real binary appends one line per broadcast or
/// transfer to `$XDG_STATE_HOME/chorus/audit.jsonl` (a scratch folder here), and
/// `chorus log` reads it back.
@Suite struct AuditTrailTests {
    /// A scratch `XDG_STATE_HOME` and the audit file's lines under it.
    struct State {
        let path = NSTemporaryDirectory() + "chorus-audit-state-\(UUID().uuidString)"
        var file: String { path + "/chorus/audit.jsonl" }
        var environment: [String: String] { ["XDG_STATE_HOME": path] }

        func objects() throws -> [[String: Any]] {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            return try text.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test func aOneShotRunAppendsOneLineWithItsFields() throws {
        let lab = try Lab.shared().manifest
        let state = State()
        defer { state.remove() }
        let web = lab.hosts(inGroup: "web")
        let command = "case \"$SSH_CONNECTION\" in *' \(web[0].address) '*) exit 1;; esac; true"
        let run = try chorus(OneShotTests.labArguments(lab) + ["-w", "web[01-03]", command], environment: state.environment)
        #expect(run.status == 5, "\(run.stderr)")
        let objects = try state.objects()
        try #require(objects.count == 1)
        let entry = objects[0]
        #expect(entry["mode"] as? String == "one-shot" && entry["pattern"] as? String == "web[01-03]")
        #expect(entry["hosts"] as? String == "web[01-03]" && entry["host_count"] as? Int == 3)
        #expect(entry["command"] as? String == command)
        #expect(entry["ok"] as? Int == 2 && entry["status"] as? Int == 5)
        #expect(entry["failed"] as? [String: Int] == ["exited 1": 1])
        #expect(entry["failures"] as? [String: String] == ["exited 1": "web01"])
        #expect(entry["tty"] is NSNull, "standard input is not a terminal")
        #expect((entry["wall_seconds"] as? Double ?? 0) > 0 && (entry["pid"] as? Int ?? 0) > 0)
        #expect(try FileManager.default.attributesOfItem(atPath: state.file)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: state.path + "/chorus")[.posixPermissions] as? Int == 0o700)
    }

    /// A line that holds a secret is recorded redacted, as the history leaves it out.
    @Test func aScriptAppendsALinePerCommandAndRedactsASecret() throws {
        let lab = try Lab.shared().manifest
        let state = State()
        defer { state.remove() }
        let run = try chorusScript(":select web01\necho a\n@web02 MYSQL_PWD=hunter2-audit true\n", lab: lab,
                                   environment: state.environment)
        #expect(run.status == 0, "\(run.stderr)")
        let objects = try state.objects()
        try #require(objects.count == 2, "\(objects)")
        #expect(objects.allSatisfy { $0["mode"] as? String == "script" })
        #expect(objects[0]["command"] as? String == "echo a" && objects[0]["pattern"] as? String == "web01")
        #expect(objects[1]["command"] as? String == "[redacted]" && objects[1]["redacted"] as? Bool == true)
        #expect(objects[1]["pattern"] as? String == "web02" && objects[1]["hosts"] as? String == "web02")
        #expect(!((try? String(contentsOfFile: state.file, encoding: .utf8)) ?? "").contains("hunter2"))
    }

    @Test func aTransferAppendsOneLine() throws {
        let lab = try Lab.shared().manifest
        let state = State()
        defer { state.remove() }
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        try local.write("app.conf", Data("x\n".utf8))
        let run = try chorus(OneShotTests.labArguments(lab) + ["put", "-w", "web[01-02]", local.path("app.conf"), remote.dir + "/"],
                             environment: state.environment)
        #expect(run.status == 0, "\(run.stderr)")
        let objects = try state.objects()
        try #require(objects.count == 1)
        let transfer = try #require(objects[0]["transfer"] as? [String: Any])
        #expect(transfer["direction"] as? String == "put")
        #expect(transfer["sources"] as? [String] == [local.path("app.conf")])
        #expect(transfer["destination"] as? String == remote.dir + "/")
        #expect(objects[0]["command"] == nil && objects[0]["hosts"] as? String == "web[01-02]" && objects[0]["ok"] as? Int == 2)
    }

    /// `--no-audit`, `CHORUS_AUDIT=off` and chorus.conf's `audit = off`.
    @Test func noAuditAndAuditOffWriteNothing() throws {
        let lab = try Lab.shared().manifest
        let state = State()
        defer { state.remove() }
        let quiet = try chorus(OneShotTests.labArguments(lab) + ["--no-audit", "-w", "web01", "true"], environment: state.environment)
        #expect(quiet.status == 0, "\(quiet.stderr)")
        let off = try chorus(OneShotTests.labArguments(lab) + ["-w", "web01", "true"],
                             environment: state.environment.merging(["CHORUS_AUDIT": "off"]) { $1 })
        #expect(off.status == 0, "\(off.stderr)")
        try DefaultsFileTests.withConfig("[defaults]\naudit = off\n") { config in
            let run = try chorus(OneShotTests.labArguments(lab) + ["-w", "web01", "true"],
                                 environment: state.environment.merging(["CHORUS_CONFIG": config]) { $1 })
            #expect(run.status == 0, "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: state.file))
    }

    /// `chorus log -n 2`: the last two entries, one readable line each; a malformed line
    /// is skipped with a warning naming the file and line; `--json` prints lines as stored.
    @Test func logShowsTheLastEntriesReadably() throws {
        let state = State()
        defer { state.remove() }
        try FileManager.default.createDirectory(atPath: state.path + "/chorus", withIntermediateDirectories: true)
        let entries = [
            Self.entry(command: "uptime", failures: [:], ok: 4, status: 0),
            Self.entry(command: "systemctl restart app", failures: ["exited 1": "web[03-04]"], ok: 12, status: 5),
            Self.entry(command: "echo\u{1B}[31m", failures: ["refused": "db01", "timed out": "web09"], ok: 0, status: 3),
        ]
        try ([entries[0], entries[1], "{broken", entries[2]].joined(separator: "\n") + "\n")
            .write(toFile: state.file, atomically: true, encoding: .utf8)
        let run = CapturedRun(["log", "-n", "2"], environment: state.environment)
        #expect(run.status == 0, "\(run.err)")
        #expect(run.err == "chorus: warning: \(state.file):3: not an audit record, skipped\n")
        let lines = run.out.split(separator: "\n").map(String.init)
        try #require(lines.count == 2, "\(run.out)")
        #expect(lines[0].wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  alice  web\[01-16\]  systemctl restart app  ok 12 · exited 1: web\[03-04\]  exit 5/) != nil,
                "\(lines[0])")
        #expect(lines[1].hasSuffix("  alice  web[01-16]  echo\\x1b[31m  ok 0 · refused: db01 · timed out: web09  exit 3"), "\(lines[1])")
        let json = CapturedRun(["log", "--json", "-n", "1"], environment: state.environment)
        #expect(json.out == entries[2] + "\n")
        #expect(CapturedRun(["log", "-n", "0"], environment: state.environment).status == 2)
    }

    static func entry(command: String, failures: [String: String], ok: Int, status: Int) -> String {
        let object: [String: Any] = [
            "time": "2026-12-06T01:02:03.456Z", "user": "alice", "tty": NSNull(), "pid": 42, "mode": "one-shot",
            "pattern": "web*", "hosts": "web[01-16]", "host_count": 16, "command": command, "ok": ok,
            "failed": failures.mapValues { _ in 1 }, "failures": failures, "status": status, "wall_seconds": 1.5,
        ]
        let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data ?? Data(), as: UTF8.self)
    }
}
