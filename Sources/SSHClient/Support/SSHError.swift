/// Why a host failed at the SSH level. A value per host, never the end of a run.
public struct SSHError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable kinds: scripts and the summary group failures by these.
    public enum Kind: String, Sendable, CaseIterable {
        /// The name did not resolve.
        case resolve
        /// Nothing listens on the port (TCP RST).
        case refused
        /// No route, or no answer within the connect timeout.
        case unreachable
        /// A step after connecting (banner, key exchange, auth) took too long.
        case timeout
        /// The peer does not speak SSH (bad or missing banner).
        case notSSH = "not-ssh"
        /// Key exchange failed: no common algorithm (e.g. a server with only an RSA host key).
        case keyExchange = "key-exchange"
        case hostKeyUnknown = "host-key-unknown"
        case hostKeyChanged = "host-key-changed"
        /// known_hosts lists the presented key as `@revoked`.
        case hostKeyRevoked = "host-key-revoked"
        /// The known_hosts file could not be read (so no host can be judged) or written.
        case knownHosts = "known-hosts"
        case authFailed = "auth-failed"
        /// The connection dropped, or the peer stopped answering keepalives.
        case disconnected
        /// Anything else libssh2 or the remote side reported.
        case remote
        /// `sudo` on the host refused the password, or wanted one and none was given.
        case sudo
        /// A call on this machine failed (a pipe, a socket, libssh2's own setup): not the
        /// host's doing, though it still ends that host at the SSH level.
        case local
    }

    public let kind: Kind
    /// One line a person understands, without secrets.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
