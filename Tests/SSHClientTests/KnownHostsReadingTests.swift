import Foundation
import LabSupport
import SSHClient
import Testing

/// known_hosts read as OpenSSH reads it, against real lab hosts: bad lines skipped one at
/// a time, names without case, patterns, markers, and the port kept apart.
@Suite struct KnownHostsReadingTests {
    /// Lines libssh2 1.10 stops reading at (everything after them used to be "unknown").
    static let badLines: [String] = [
        "long.example ssh-ed25519 " + String(repeating: "A", count: 5000),
        String(repeating: "n", count: 300) + ".example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDm2Cz4ZbrR0D3vFIzk0b3EYC0JNdbA1dbxuQbvImTVg",
        "|1|c2FsdA==|aGFzaA== ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDm2Cz4ZbrR0D3vFIzk0b3EYC0JNdbA1dbxuQbvImTVg",
        "keyless.example",
    ]

    @Test(arguments: 0..<badLines.count)
    func aLineThatCannotBeReadSkipsOnlyThatLine(_ index: Int) async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        let contents = Self.badLines[index] + "\n" + (try impostorLine("[\(host.address)]:\(host.port)", lab)) + "\n"
        let file = try KnownHostsFile(contents: contents)
        defer { file.remove() }
        let phase = try await onOwnThread { try connectOnly(lab.target(host, policy: .acceptNew, knownHosts: file.path)) }
        #expect(phase.errorKind == .hostKeyChanged, "\(phase)")
        #expect(phase.errorMessage.contains("\(file.path):2"), "the line that holds the other key")
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == contents, "nothing appended")
    }

    /// A path that is a folder cannot be read: the host is refused, never taken for new.
    @Test func aKnownHostsFileThatCannotBeReadRefusesTheHost() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        let folder = NSTemporaryDirectory() + "chorus-known-folder-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for policy in [SSHTarget.HostKeyPolicy.strict, .acceptNew] {
            let phase = try await onOwnThread { try connectOnly(lab.target(host, policy: policy, knownHosts: folder)) }
            #expect(phase.errorKind == .knownHosts, "\(policy): \(phase)")
            #expect(phase.errorMessage.hasPrefix("cannot read known_hosts \(folder): "), "\(phase.errorMessage)")
        }
    }

    /// `LOCALHOST` is looked up as OpenSSH does, lowercased, and recorded lowercased.
    @Test func hostNamesMatchWithoutCase() async throws {
        let lab = try Lab.shared().manifest
        let server = try ExtraSSHD(lab: lab, address: "127.0.0.1", extra: [])
        defer { server.stop() }
        let host = try #require(lab.hosts.first)
        var upper = lab.target(host, policy: .acceptNew)
        upper.hostname = "LOCALHOST"
        upper.port = server.port
        let changed = try KnownHostsFile(contents: try impostorLine("[localhost]:\(server.port)", lab) + "\n")
        defer { changed.remove() }
        upper.knownHostsPath = changed.path
        let refused = try await onOwnThread { [upper] in try connectOnly(upper) }
        #expect(refused.errorKind == .hostKeyChanged, "\(refused)")

        let fresh = try KnownHostsFile(contents: "")
        defer { fresh.remove() }
        upper.knownHostsPath = fresh.path
        let recorded = try await onOwnThread { [upper] in try connectOnly(upper) }
        #expect(recorded == .ready)
        let lines = try fresh.lines()
        #expect(lines.first?.hasPrefix("[localhost]:\(server.port) ") == true, "\(lines)")
    }

    /// `*` and `?` patterns name hosts; a matching `!pattern` rules its line out.
    @Test func wildcardAndNegatedPatternsAreHonoured() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        let wildcard = try KnownHostsFile(contents: try impostorLine("other.example,[127.*]:\(host.port)", lab) + "\n")
        defer { wildcard.remove() }
        let changed = try await onOwnThread { try connectOnly(lab.target(host, policy: .acceptNew, knownHosts: wildcard.path)) }
        #expect(changed.errorKind == .hostKeyChanged, "\(changed)")

        let single = String(host.address.dropLast()) + "?"
        let matching = try KnownHostsFile(contents: try serverLine("[\(single)]:\(host.port)", lab) + "\n")
        defer { matching.remove() }
        let ready = try await onOwnThread { try connectOnly(lab.target(host, policy: .strict, knownHosts: matching.path)) }
        #expect(ready == .ready, "\(ready)")

        let negated = try KnownHostsFile(contents: try serverLine("[127.*]:\(host.port),![\(host.address)]:\(host.port)", lab) + "\n")
        defer { negated.remove() }
        let excluded = try await onOwnThread { try connectOnly(lab.target(host, policy: .strict, knownHosts: negated.path)) }
        #expect(excluded.errorKind == .hostKeyUnknown, "\(excluded)")
    }

    @Test func aRevokedKeyIsRefusedEvenBesideAMatchingEntry() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        let name = "[\(host.address)]:\(host.port)"
        let contents = "@revoked * \(try serverKey(lab))\n" + (try serverLine(name, lab)) + "\n"
        let file = try KnownHostsFile(contents: contents)
        defer { file.remove() }
        let phase = try await onOwnThread { try connectOnly(lab.target(host, policy: .acceptNew, knownHosts: file.path)) }
        #expect(phase.errorKind == .hostKeyRevoked, "\(phase)")
        #expect(phase.errorMessage.contains("marked @revoked in \(file.path):1"), "\(phase.errorMessage)")
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == contents)
    }

    /// Host certificates are beyond libssh2 1.10: a host known only through its CA is
    /// refused, never trusted on first use.
    @Test func aHostKnownOnlyThroughACertificateAuthorityIsRefused() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        let contents = "@cert-authority [127.*]:* \(try String(contentsOfFile: lab.keys.ed25519 + ".pub", encoding: .utf8))"
        let file = try KnownHostsFile(contents: contents)
        defer { file.remove() }
        let phase = try await onOwnThread { try connectOnly(lab.target(host, policy: .acceptNew, knownHosts: file.path)) }
        #expect(phase.errorKind == .hostKeyUnknown, "\(phase)")
        #expect(phase.errorMessage.contains("@cert-authority line (\(file.path):1)")
                && phase.errorMessage.contains("libssh2 1.10 does not support them"), "\(phase.errorMessage)")
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == contents, "nothing recorded")
    }

    /// OpenSSH names a port other than 22 only as `[host]:port`; a plain `host` entry is
    /// another port's (here a different key), so the host is new, not changed.
    @Test func aPlainNameDoesNotCoverAnotherPort() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        let file = try KnownHostsFile(contents: try impostorLine(host.address, lab) + "\n")
        defer { file.remove() }
        let phase = try await onOwnThread { try connectOnly(lab.target(host, policy: .acceptNew, knownHosts: file.path)) }
        #expect(phase == .ready, "\(phase)")
        #expect(try file.lines().count == 2)
        #expect(try file.lines().last?.hasPrefix("[\(host.address)]:\(host.port) ") == true)
    }

    /// Appending to a file whose last line has no newline starts a new line first.
    @Test func anEntryIsNeverGluedOntoALastLineWithoutNewline() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        let file = try KnownHostsFile(contents: "# the operator's last line")
        defer { file.remove() }
        let phases = try await onOwnThread {
            (try connectOnly(lab.target(host, policy: .acceptNew, knownHosts: file.path)),
             try connectOnly(lab.target(host, policy: .strict, knownHosts: file.path)))
        }
        #expect(phases.0 == .ready && phases.1 == .ready, "\(phases)")
        let lines = try file.lines()
        #expect(lines.count == 2 && lines[0] == "# the operator's last line", "\(lines)")
        #expect(lines.last?.hasPrefix("[\(host.address)]:\(host.port) ") == true)
    }

    /// `HashKnownHosts yes`: the name is written hashed, and OpenSSH finds it.
    @Test func hashedEntriesAreWrittenSoThatOpenSSHFindsThem() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first)
        let file = try KnownHostsFile(contents: "")
        defer { file.remove() }
        var target = lab.target(host, policy: .acceptNew, knownHosts: file.path)
        target.hashKnownHosts = true
        let phases = try await onOwnThread { [target] in
            (try connectOnly(target), try connectOnly(lab.target(host, policy: .strict, knownHosts: file.path)))
        }
        #expect(phases.0 == .ready && phases.1 == .ready, "\(phases)")
        let lines = try file.lines()
        #expect(lines.count == 1 && lines[0].hasPrefix("|1|"), "\(lines)")
        let found = try LabScript.runProgram("/usr/bin/ssh-keygen", ["-F", "[\(host.address)]:\(host.port)", "-f", file.path])
        #expect(found.status == 0 && found.stdout.contains("found: line 1"), "\(found.stdout)\(found.stderr)")
    }

    /// `NAME TYPE KEY` with the lab user's ed25519 key: not the server's.
    private func impostorLine(_ name: String, _ lab: LabManifest) throws -> String {
        let key = try String(contentsOfFile: lab.keys.ed25519 + ".pub", encoding: .utf8).split(separator: " ")
        return "\(name) \(key[0]) \(key[1])"
    }

    /// `NAME TYPE KEY` with the lab servers' own ed25519 host key.
    private func serverLine(_ name: String, _ lab: LabManifest) throws -> String {
        "\(name) \(try serverKey(lab))"
    }

    private func serverKey(_ lab: LabManifest) throws -> String {
        let key = try String(contentsOfFile: lab.dir + "/sshd/host_ed25519_key.pub", encoding: .utf8).split(separator: " ")
        return "\(key[0]) \(key[1])"
    }
}
