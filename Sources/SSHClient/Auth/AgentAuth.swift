#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2

/// Authentication through ssh-agent, one identity after another. The agent is a local
/// Unix socket: connecting and listing are quick blocking calls; the signature exchange
/// with the server is non-blocking like everything else.
final class AgentAuth {
    private var agent: OpaquePointer?
    private var current: UnsafeMutablePointer<libssh2_agent_publickey>?
    private var started = false
    private let socketPath: String?
    private var refusals = 0
    /// The current identity's rsa-sha2 login while it is untried (RSA identities only);
    /// once refused, libssh2's own `ssh-rsa` login follows for the same identity.
    private var sha2: RSASHA2Login?

    init(socketPath: String?) { self.socketPath = socketPath }

    deinit { close() }

    /// Frees the agent handle; must run before the session is freed (the handle
    /// frees itself through the session's allocator). The corresponding C functions
    /// are `libssh2_agent_disconnect` and `libssh2_agent_free`.
    func close() {
        guard let agent else { return }
        libssh2_agent_disconnect(agent)
        libssh2_agent_free(agent)
        (self.agent, current, sha2) = (nil, nil, nil)
    }

    /// The corresponding C functions are `libssh2_agent_init`, `_connect`,
    /// `_list_identities`, `_get_identity` and `_userauth`.
    func step(session: OpaquePointer, user: String) -> AuthAttempt {
        if !started {
            started = true
            if let failure = connect(session) { return .refused(failure) }
            guard advanceIdentity() else { return .refused("agent: no identities") }
        }
        while let agent, let identity = current {
            let rc = sha2?.step(session: session, user: user) ?? libssh2_agent_userauth(agent, user, identity)
            switch SSHSession.classify(rc, session, label: "agent", refusedReason: "") {
            case .refused where sha2 != nil:
                sha2 = nil
            case .refused:
                refusals += 1
                guard advanceIdentity() else { break }
            case let other: return other
            }
        }
        return .refused("agent: \(refusals) identities refused")
    }

    private func connect(_ session: OpaquePointer) -> String? {
        guard let agent = libssh2_agent_init(session) else { return "agent: cannot initialise" }
        self.agent = agent
        if let socketPath { libssh2_agent_set_identity_path(agent, socketPath) }
        guard libssh2_agent_connect(agent) == 0 else {
            return "agent: cannot connect to \(socketPath ?? "$SSH_AUTH_SOCK")"
        }
        guard libssh2_agent_list_identities(agent) == 0 else { return "agent: cannot list identities" }
        return nil
    }

    /// Moves to the next identity; false when there is none.
    private func advanceIdentity() -> Bool {
        guard let agent else { return false }
        var next: UnsafeMutablePointer<libssh2_agent_publickey>?
        let rc = libssh2_agent_get_identity(agent, &next, current)
        current = rc == 0 ? next : nil
        sha2 = current.flatMap(rsaSHA2Login)
        return current != nil
    }

    /// The rsa-sha2 login for an RSA identity (nil for other key types).
    private func rsaSHA2Login(_ identity: UnsafeMutablePointer<libssh2_agent_publickey>) -> RSASHA2Login? {
        guard let socket = socketPath ?? getenv("SSH_AUTH_SOCK").map({ String(cString: $0) }),
              let start = identity.pointee.blob
        else { return nil }
        let blob = Array(UnsafeBufferPointer(start: start, count: identity.pointee.blob_len))
        return RSASHA2Login(signer: AgentRSASigner(socketPath: socket, keyBlob: blob), sshRSABlob: blob)
    }
}
