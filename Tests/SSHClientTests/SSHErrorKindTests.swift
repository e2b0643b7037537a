import SSHClient
import Testing

/// The kinds' raw strings are output (JSON `error`, the summary, `@last:`-style grouping
/// in scripts): they are pinned here so that a rename shows up as a test failure.
@Suite struct SSHErrorKindTests {
    @Test func rawStringsAreStable() {
        #expect(SSHError.Kind.allCases.map(\.rawValue) == [
            "resolve", "refused", "unreachable", "timeout", "not-ssh", "key-exchange", "host-key-unknown",
            "host-key-changed", "host-key-revoked", "known-hosts", "auth-failed", "disconnected", "remote", "sudo", "local",
        ])
    }

    /// A failure on this machine (a pipe, a socket) is not blamed on the host.
    @Test func aLocalFailureSaysSo() {
        #expect(SSHError(.local, "pipe: too many open files").description == "local: pipe: too many open files")
    }
}
