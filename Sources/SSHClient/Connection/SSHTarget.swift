import Secrets

/// Everything needed to reach and log in to one host.
public struct SSHTarget: Sendable, Equatable {
    public enum HostKeyPolicy: String, Sendable, CaseIterable {
        /// An unknown host is refused.
        case strict
        /// An unknown host's key is recorded (appended) and accepted; a changed key is refused.
        case acceptNew = "accept-new"
        /// Host keys are not checked (the key is still reported).
        case off
    }

    /// Ways to log in, tried in the order given, skipping those the server does not offer.
    public enum AuthMethod: Sendable, Equatable {
        /// Sent by the `password` method, or, when the server offers only
        /// keyboard-interactive, as the answer to its password prompt.
        case password(Secret)
        /// A private key file; the public key is read from `path.pub` when it exists,
        /// which spares decrypting a passphrase-protected key twice.
        case keyFile(path: String, passphrase: Secret?)
        /// Identities held by ssh-agent at `socket` (nil: `$SSH_AUTH_SOCK`).
        case agent(socket: String?)
        /// A private key's contents, used exactly as the file `name` would be (the same
        /// logins, the same messages, which call it `key NAME`), from memory: for a worker
        /// on a machine that does not have the file. Nothing is written to disk.
        case keyData(name: String, key: SecretBytes, passphrase: Secret?)

        var methodName: String {
            switch self {
            case .password: "password"
            case .keyFile, .keyData, .agent: "publickey"
            }
        }
    }

    public var hostname: String
    public var port: Int
    public var username: String
    public var auth: [AuthMethod]
    public var knownHostsPath: String
    public var hostKeyPolicy: HostKeyPolicy
    /// Record new hosts under a hashed name (`|1|salt|hash`), as OpenSSH's `HashKnownHosts yes`.
    public var hashKnownHosts: Bool
    /// Seconds for TCP connect; the same again for banner + key exchange and for auth.
    public var connectTimeout: Double
    /// Seconds between keepalives on an idle or busy session; 0 turns them off.
    public var keepaliveInterval: Double
    /// Unanswered keepalive intervals before the peer counts as dead.
    public var keepaliveCountMax: Int
    /// Bastions to go through (ProxyJump), the first reached directly and each next one
    /// through the one before; the host itself is reached through the last.
    public var jumps: [SSHTarget] = []
    /// The name to give this host in messages (its inventory name); nil: its address.
    public var label: String?

    /// How messages name the host.
    public var displayName: String { label ?? (port == 22 ? hostname : "\(hostname):\(port)") }

    public init(
        hostname: String, port: Int = 22, username: String, auth: [AuthMethod],
        knownHostsPath: String, hostKeyPolicy: HostKeyPolicy = .acceptNew, hashKnownHosts: Bool = false,
        connectTimeout: Double = 10, keepaliveInterval: Double = 15, keepaliveCountMax: Int = 3
    ) {
        self.hostname = hostname
        self.port = port
        self.username = username
        self.auth = auth
        self.knownHostsPath = knownHostsPath
        self.hostKeyPolicy = hostKeyPolicy
        self.hashKnownHosts = hashKnownHosts
        self.connectTimeout = connectTimeout
        self.keepaliveInterval = keepaliveInterval
        self.keepaliveCountMax = keepaliveCountMax
    }

    /// `host` for port 22, `[host]:port` otherwise, lowercased: how known_hosts names it.
    var knownHostsName: String { String(decoding: KnownHosts.lookupName(host: hostname, port: port), as: UTF8.self) }
}
