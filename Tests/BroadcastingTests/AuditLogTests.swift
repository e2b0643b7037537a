import Broadcasting
import Foundation
import Rendering
import Testing
import WorkerProtocol

/// The audit trail's file: where it goes, its permissions, rotation, what it refuses,
/// and reading it back. In a scratch `XDG_STATE_HOME`, never the real home.
@Suite struct AuditLogTests {
    /// A scratch state folder and an audit log writing into it.
    final class Scratch {
        let state = NSTemporaryDirectory() + "chorus-audit-\(UUID().uuidString)"
        let warnings = Lines()
        var folder: String { state + "/chorus" }
        var file: String { folder + "/audit.jsonl" }

        func log(_ extra: [String: String] = [:], settings: RunSettings = RunSettings()) -> AuditLog {
            let lines = warnings
            return AuditLog(settings: settings, environment: ["XDG_STATE_HOME": state].merging(extra) { $1 },
                            console: Console(out: { _ in }, err: { lines.append($0) }))
        }

        deinit { try? FileManager.default.removeItem(atPath: state) }
    }

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func append(_ text: String) { lock.withLock { stored.append(text) } }
        var all: [String] { lock.withLock { stored } }
    }

    static func record(_ command: String = "uptime", redacted: Bool = false) -> AuditRecord {
        let results = [
            HostResult(host: "web01", outcome: .exited(0), durationMillis: 5),
            HostResult(host: "web02", outcome: .exited(0), durationMillis: 5),
            HostResult(host: "web03", outcome: .exited(1), durationMillis: 5),
            HostResult(host: "web04", outcome: .exited(1), durationMillis: 5),
            HostResult(host: "db01", outcome: .failed(kind: "refused", message: "connection refused"), durationMillis: 5),
        ]
        return AuditRecord(mode: .oneShot, pattern: "web*,db01", action: .command(command, redacted: redacted),
                           results: results, status: ExitClass.status(for: results), wallSeconds: 0.4567, environment: [:])
    }

    static func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func aRecordIsOneJSONLineInAPrivateFile() throws {
        let scratch = Scratch()
        scratch.log().append(Self.record())
        let lines = Self.lines(scratch.file)
        try #require(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["hosts"] as? String == "db01,web[01-04]")
        #expect(object["host_count"] as? Int == 5 && object["ok"] as? Int == 2 && object["status"] as? Int == 4)
        #expect(object["failed"] as? [String: Int] == ["exited 1": 2, "refused": 1])
        #expect(object["failures"] as? [String: String] == ["exited 1": "web[03-04]", "refused": "db01"])
        #expect(object["mode"] as? String == "one-shot" && object["pattern"] as? String == "web*,db01")
        #expect(object["command"] as? String == "uptime" && object["wall_seconds"] as? Double == 0.457)
        let time = try #require(object["time"] as? String)
        #expect(time.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil, "\(time)")
        #expect(object["pid"] as? Int == Int(getpid()) && !(object["user"] as? String ?? "").isEmpty)
        #expect(try FileManager.default.attributesOfItem(atPath: scratch.file)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: scratch.folder)[.posixPermissions] as? Int == 0o700)
        #expect(scratch.warnings.all.isEmpty)
    }

    @Test func aRedactedCommandKeepsNoText() throws {
        let scratch = Scratch()
        scratch.log().append(Self.record("MYSQL_PWD=hunter2 mysql", redacted: true))
        let line = try #require(Self.lines(scratch.file).first)
        #expect(!line.contains("hunter2"))
        #expect(line.contains(#""command":"[redacted]""#) && line.contains(#""redacted":true"#), "\(line)")
    }

    @Test func offWritesNothing() {
        let scratch = Scratch()
        var settings = RunSettings()
        settings.auditLog = .off
        scratch.log(settings: settings).append(Self.record())
        scratch.log(["CHORUS_AUDIT": "off"]).append(Self.record())
        #expect(!FileManager.default.fileExists(atPath: scratch.file))
    }

    /// Only an explicit `off` turns the trail off; a value chorus does not know is said.
    @Test func aMistypedSettingIsSaidAndTheTrailStaysOn() {
        let scratch = Scratch()
        scratch.log(["CHORUS_AUDIT": "of", "CHORUS_AUDIT_MAX_BYTES": "10M"]).append(Self.record())
        #expect(FileManager.default.fileExists(atPath: scratch.file))
        #expect(scratch.warnings.all == [
            "chorus: warning: CHORUS_AUDIT expects on or off, got 'of'; the audit trail stays on\n",
            "chorus: warning: CHORUS_AUDIT_MAX_BYTES expects a whole number of bytes, got '10M'; using 10 MiB\n",
        ])
    }

    @Test func theFileRotatesPastItsSizeKeepingThreeOld() throws {
        let scratch = Scratch()
        let log = scratch.log(["CHORUS_AUDIT_MAX_BYTES": "600"])  // a record is about 400 bytes: one a file
        for index in 0..<6 { log.append(Self.record("echo \(index)")) }
        let files = try FileManager.default.contentsOfDirectory(atPath: scratch.folder).sorted()
        #expect(files == ["audit.jsonl", "audit.jsonl.1", "audit.jsonl.2", "audit.jsonl.3"])
        for (suffix, index) in [("", 5), (".1", 4), (".2", 3), (".3", 2)] {
            let lines = Self.lines(scratch.file + suffix)
            #expect(lines.count == 1 && lines[0].contains(#""command":"echo \#(index)""#), "\(suffix): \(lines)")
        }
        let read = AuditReader.last(3, in: try #require(AuditLocation(environment: ["XDG_STATE_HOME": scratch.state])))
        #expect(read.entries.map(\.record.command) == ["echo 3", "echo 4", "echo 5"], "chorus log reads across rotation")
    }

    @Test func aSymlinkedFileOrFolderIsRefusedOnceAndWorkGoesOn() throws {
        let scratch = Scratch()
        let elsewhere = scratch.state + "-elsewhere"
        defer { try? FileManager.default.removeItem(atPath: elsewhere) }
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: scratch.folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: scratch.file, withDestinationPath: elsewhere + "/audit.jsonl")
        let log = scratch.log()
        log.append(Self.record())
        log.append(Self.record())
        #expect(!FileManager.default.fileExists(atPath: elsewhere + "/audit.jsonl"))
        #expect(scratch.warnings.all.count == 1, "said once: \(scratch.warnings.all)")
        #expect(scratch.warnings.all.first?.contains("\(scratch.file) is a symlink") == true, "\(scratch.warnings.all)")

        let linked = Scratch()
        try FileManager.default.createDirectory(atPath: linked.state, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: linked.folder, withDestinationPath: elsewhere)
        linked.log().append(Self.record())
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
        #expect(linked.warnings.all.first?.contains("\(linked.folder) is a symlink") == true, "\(linked.warnings.all)")
    }

    @Test func twoWritersNeverInterleaveLines() throws {
        let scratch = Scratch()
        let environment = ["XDG_STATE_HOME": scratch.state, "CHORUS_AUDIT_MAX_BYTES": "1000000"]
        DispatchQueue.concurrentPerform(iterations: 200) { index in  // a log, and its descriptor, for each writer
            let log = AuditLog(settings: RunSettings(), environment: environment, console: Console(out: { _ in }, err: { _ in }))
            log.append(Self.record("echo \(String(repeating: "x", count: index * 10))"))
        }
        let lines = Self.lines(scratch.file)
        #expect(lines.count == 200)
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
    }

    @Test func aMalformedLineIsSkippedWithItsFileAndLine() throws {
        let scratch = Scratch()
        scratch.log().append(Self.record("first"))
        try FileHandle(forWritingAtPath: scratch.file).map { handle in
            handle.seekToEndOfFile()
            handle.write(Data("{not json\n".utf8))
            try handle.close()
        }
        scratch.log().append(Self.record("third"))
        let read = AuditReader.last(20, in: try #require(AuditLocation(environment: ["XDG_STATE_HOME": scratch.state])))
        #expect(read.entries.map(\.record.command) == ["first", "third"])
        #expect(read.warnings == ["\(scratch.file):2: not an audit record, skipped"])
    }
}
