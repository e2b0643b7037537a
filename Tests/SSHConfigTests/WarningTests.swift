@testable import SSHConfig
import Testing

/// Settings Chorus does not honour that change the route or the security: one warning
/// line each, only for the hosts they apply to.
@Suite struct WarningTests {
    static let cases: [(String, String?)] = [
        ("ProxyCommand ssh -W %h:%p bastion", "ProxyCommand is not supported by chorus; host web1 is reached directly"),
        ("ProxyCommand none", nil),
        ("ForwardAgent yes", "ForwardAgent is not supported by chorus; the agent is not forwarded to host web1"),
        ("ForwardAgent no", nil), ("ForwardAgent /tmp/sock", "ForwardAgent is not supported"),
        ("CheckHostIP yes", "CheckHostIP is not supported"), ("CheckHostIP no", nil),
        ("HostKeyAlias other", "HostKeyAlias is not supported"), ("KnownHostsCommand /bin/x %h", "KnownHostsCommand"),
        ("CertificateFile ~/.ssh/c.pub", "CertificateFile is not supported by chorus; no certificate is offered to host web1"),
        ("LocalCommand echo hi", nil), ("PubkeyAcceptedKeyTypes +ssh-rsa", "PubkeyAcceptedAlgorithms is not supported"),
        ("HostKeyAlgorithms ssh-ed25519", "HostKeyAlgorithms is not supported"), ("PasswordAuthentication no", "PasswordAuthentication"),
        ("PasswordAuthentication yes", nil), ("CanonicalizeHostname yes", "CanonicalizeHostname"), ("Compression yes", nil),
    ]

    @Test(arguments: cases) func warning(line: String, expected: String?) throws {
        let config = "Host web*\n  \(line)\n"
        let options = try TestFolder().resolve(config, host: "web1")
        if let expected {
            #expect(options.warnings.count == 1, "\(line)")
            #expect(options.warnings.first?.message.hasPrefix(expected) == true, "\(options.warnings)")
            #expect(options.warnings.first?.description.hasSuffix(":2: " + (options.warnings.first?.message ?? "")) == true)
        } else {
            #expect(options.warnings.isEmpty, "\(line): \(options.warnings)")
        }
        #expect(try TestFolder().resolve(config, host: "db1").warnings.isEmpty)
    }

    @Test func localCommandOnlyWhenPermitted() throws {
        let options = try TestFolder().resolve("PermitLocalCommand yes\nLocalCommand echo hi\n", host: "x")
        #expect(options.warnings.map(\.message) == ["LocalCommand is not supported by chorus; it is not run for host x"])
    }

    @Test func proxyJumpAndProxyCommandShareFirstWins() throws {
        let jumpFirst = try TestFolder().resolve("ProxyJump b\nProxyCommand nc %h %p\n", host: "x")
        #expect(jumpFirst.proxyJump?.value == .hops(["b"]) && jumpFirst.warnings.isEmpty)
        let commandFirst = try TestFolder().resolve("ProxyCommand nc %h %p\nProxyJump b\n", host: "x")
        #expect(commandFirst.proxyJump == nil && commandFirst.warnings.count == 1)
        let noneFirst = try TestFolder().resolve("ProxyCommand none\nProxyJump b\n", host: "x")
        #expect(noneFirst.proxyJump == nil && noneFirst.warnings.isEmpty)
    }
}
