import Secrets

/// Everything a worker needs to connect to one host, sent in an `openHost` frame.
///
/// The shell names hosts by `hostID` in later frames; a second `openHost` for the same id
/// replaces the earlier settings. Paths (`knownHostsPath`, key files, agent sockets) are
/// paths *on the worker's machine*: the protocol assumes no shared filesystem. For a worker
/// on another machine (a gateway) the shell sends keys as their contents (`keyData`) and
/// `knownHostsPath` relative to the worker's home (`~/.ssh/known_hosts`).
public struct HostSpec: Sendable, Equatable {
    /// The shell's number for this host, unique within one stream.
    public var hostID: UInt32
    /// The host's name in the inventory (or as typed), for messages.
    public var name: String
    /// The address to connect to.
    public var hostname: String
    public var port: UInt16
    public var username: String
    /// Authentication methods, tried in order. At most `FrameLimits.maxAuthMethods`.
    public var auth: [AuthSpec]
    /// A leading `~/` is the worker's home (its `HOME`).
    public var knownHostsPath: String
    public var hostKeyPolicy: HostKeyPolicy
    /// How long to wait for TCP connect and SSH handshake, in milliseconds.
    public var connectTimeoutMillis: UInt32
    /// Seconds between SSH keepalives on an idle session; 0 turns them off.
    public var keepaliveSeconds: UInt16
    /// Bastions to go through (ProxyJump), the first reached directly, the host through the
    /// last. At most `FrameLimits.maxJumps`.
    public var jumps: [JumpSpec]

    public init(
        hostID: UInt32, name: String, hostname: String, port: UInt16 = 22, username: String,
        auth: [AuthSpec], knownHostsPath: String, hostKeyPolicy: HostKeyPolicy = .acceptNew,
        connectTimeoutMillis: UInt32, keepaliveSeconds: UInt16, jumps: [JumpSpec] = []
    ) {
        self.hostID = hostID
        self.name = name
        self.hostname = hostname
        self.port = port
        self.username = username
        self.auth = auth
        self.knownHostsPath = knownHostsPath
        self.hostKeyPolicy = hostKeyPolicy
        self.connectTimeoutMillis = connectTimeoutMillis
        self.keepaliveSeconds = keepaliveSeconds
        self.jumps = jumps
    }
}

/// What to do with a host key, as OpenSSH's `StrictHostKeyChecking`.
public enum HostKeyPolicy: UInt8, Sendable {
    /// Refuse unknown and changed keys.
    case strict = 1
    /// Record unknown keys, refuse changed ones (the default).
    case acceptNew = 2
    /// Check nothing.
    case off = 3
}

/// One way to authenticate. Secrets travel in the clear inside the frame stream (which is
/// why the stream must be a pipe or an SSH channel) and are redacted in every description.
public enum AuthSpec: Sendable, Equatable {
    case password(Secret)
    /// A private key file on the worker's machine, with its passphrase if it has one.
    case keyFile(path: String, passphrase: Secret?)
    /// An SSH agent; `socket` nil means the worker's `SSH_AUTH_SOCK`.
    case agent(socket: String?)
    /// A private key's contents, for a worker on another machine (a gateway) that cannot
    /// read the shell's key files. The worker logs in with it exactly as with a key file,
    /// from memory: it never writes the key to disk. `name` is what messages call the key
    /// (the shell's path of the file it was read from), so errors read as for `keyFile`.
    case keyData(name: String, key: SecretBytes, passphrase: Secret?)
}
