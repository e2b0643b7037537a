import Foundation
import CLibSSH2
import LabSupport
import Testing

/// End to end: Swift → libssh2 → a real lab sshd, by key and by password.
@Suite struct SSHWiringTests {
    init() { #expect(libssh2_init(0) == 0) }

    @Test func keyLoginRunsACommandAndReportsItsStatus() async throws {
        let lab = try Lab.shared()
        let host = try #require(lab.manifest.hosts(inGroup: "web").first)
        let key = lab.manifest.keys.ed25519
        let (result, known) = try await onOwnThread {
            let probe = try BlockingProbe(address: host.address, port: host.port)
            let known = try probe.checkKnownHosts(file: lab.manifest.knownHosts, address: host.address, port: host.port)
            try probe.authenticate(user: host.user, privateKey: key)
            return (try probe.exec("echo \"out $(id -un)\"; echo err >&2; exit 3"), known)
        }
        #expect(known == LIBSSH2_KNOWNHOST_CHECK_MATCH)
        #expect(result == .init(stdout: "out \(host.user)\n", stderr: "err\n", exitStatus: 3))
    }

    @Test func passwordLoginRunsACommand() async throws {
        let lab = try Lab.shared()
        try #require(lab.manifest.root, "password logins need a lab started as root")
        let host = try #require(lab.manifest.hosts(inGroup: "db").first)
        #expect(host.auth == "password")
        let password = try #require(lab.manifest.password(for: host.user))
        let result = try await onOwnThread {
            let probe = try BlockingProbe(address: host.address, port: host.port)
            try probe.authenticate(user: host.user, password: password)
            return try probe.exec("id -un; pwd")
        }
        #expect(result.stdout == "\(host.user)\n/var/lib/chorus-lab/home/\(host.user)\n")
        #expect(result.exitStatus == 0)
    }

    @Test func wrongPasswordIsRefused() async throws {
        let lab = try Lab.shared()
        let host = try #require(lab.manifest.hosts(inGroup: "db").first)
        let error = try await onOwnThread { () -> BlockingProbe.Failure? in
            let probe = try BlockingProbe(address: host.address, port: host.port)
            do { try probe.authenticate(user: host.user, password: "not-the-password") } catch let failure as BlockingProbe.Failure {
                return failure
            }
            return nil
        }
        #expect(error?.code == LIBSSH2_ERROR_AUTHENTICATION_FAILED)
    }

    @Test func passphraseKeyLogsIn() async throws {
        let lab = try Lab.shared()
        let host = try #require(lab.manifest.hosts(inGroup: "web").last)
        let keys = lab.manifest.keys
        let result = try await onOwnThread {
            let probe = try BlockingProbe(address: host.address, port: host.port)
            try probe.authenticate(user: host.user, privateKey: keys.ed25519Passphrase, passphrase: keys.passphrase)
            return try probe.exec("echo $SSH_CONNECTION")
        }
        let fields = result.stdout.split(separator: " ")
        #expect(fields.count == 4)
        #expect(fields.dropFirst(2).first.map(String.init) == host.address)
        #expect(fields.last.map { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } == host.port)
    }
}
