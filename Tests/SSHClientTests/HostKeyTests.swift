import Foundation
import LabSupport
import SSHClient
import Testing

/// Host keys against known_hosts files, per policy.
@Suite struct HostKeyTests {
    @Test func unknownHostIsRefusedUnderStrict() async throws {
        let lab = try Lab.shared().manifest
        let file = try KnownHostsFile(contents: "")
        defer { file.remove() }
        let host = try #require(lab.hosts.first)
        let phase = try await onOwnThread { try connectOnly(lab.target(host, policy: .strict, knownHosts: file.path)) }
        #expect(phase.errorKind == .hostKeyUnknown)
        #expect(phase.errorMessage.contains("[\(host.address)]:\(host.port) is not in \(file.path)"))
        #expect(phase.errorMessage.contains("SHA256:"))
    }

    @Test func acceptNewRecordsTheKeyOnceAndMatchesItAfterwards() async throws {
        let lab = try Lab.shared().manifest
        let file = try KnownHostsFile(contents: "# operator's comment\n")
        defer { file.remove() }
        let host = try #require(lab.hosts.first)
        let phases = try await onOwnThread {
            (try connectOnly(lab.target(host, policy: .acceptNew, knownHosts: file.path)),
             try connectOnly(lab.target(host, policy: .strict, knownHosts: file.path)))
        }
        #expect(phases.0 == .ready)
        #expect(phases.1 == .ready)
        let lines = try file.lines()
        #expect(lines.count == 2)
        #expect(lines[0] == "# operator's comment", "the user's file is appended to, never rewritten")
        #expect(lines[1].hasPrefix("[\(host.address)]:\(host.port) "))
    }

    @Test func changedKeyIsRefusedWithBothFingerprintsAndTheFileUntouched() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        let impostor = try String(contentsOfFile: lab.keys.ed25519 + ".pub", encoding: .utf8).split(separator: " ")
        let contents = "[\(host.address)]:\(host.port) \(impostor[0]) \(impostor[1])\n"
        let file = try KnownHostsFile(contents: contents)
        defer { file.remove() }
        let phase = try await onOwnThread { try connectOnly(lab.target(host, policy: .acceptNew, knownHosts: file.path)) }
        #expect(phase.errorKind == .hostKeyChanged)
        let fingerprint = try sshKeygenFingerprint(lab.keys.ed25519 + ".pub")
        let serverFingerprint = try sshKeygenFingerprint(lab.dir + "/sshd/host_ed25519_key.pub")
        #expect(phase.errorMessage.contains(fingerprint), "the expected (known) fingerprint")
        #expect(phase.errorMessage.contains(serverFingerprint), "the presented fingerprint, as ssh-keygen -l prints it")
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == contents)
    }

    @Test func hostKnownOnlyByEd25519IsOfferedEd25519First() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        let known = try String(contentsOfFile: lab.knownHosts, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("[\(host.address)]:\(host.port) ssh-ed25519 ") }
        let file = try KnownHostsFile(contents: known.joined(separator: "\n") + "\n")
        defer { file.remove() }
        let phase = try await onOwnThread { try connectOnly(lab.target(host, policy: .strict, knownHosts: file.path)) }
        #expect(phase == .ready)
    }

    @Test func hashedEntriesMatch() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        let file = try KnownHostsFile(contents: try String(contentsOfFile: lab.knownHosts, encoding: .utf8))
        defer { file.remove() }
        let hashed = try LabScript.runProgram("/usr/bin/ssh-keygen", ["-H", "-f", file.path])
        try #require(hashed.status == 0)
        #expect(try file.lines().allSatisfy { $0.hasPrefix("|1|") })
        let phase = try await onOwnThread { try connectOnly(lab.target(host, policy: .strict, knownHosts: file.path)) }
        #expect(phase == .ready)
    }

    private func sshKeygenFingerprint(_ path: String) throws -> String {
        let run = try LabScript.runProgram("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", path])
        return String(run.stdout.split(separator: " ")[1])
    }
}

/// A known_hosts file of the test's own.
struct KnownHostsFile {
    let path = NSTemporaryDirectory() + "chorus-known-\(UUID().uuidString)"

    init(contents: String) throws {
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func lines() throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: path + ".old")
    }
}
