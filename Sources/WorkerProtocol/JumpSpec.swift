/// One bastion (ProxyJump hop) on the way to a host: what a host needs to be reached,
/// minus bastions of its own (a chain is the host's list of jumps, in order).
///
/// Its secrets travel like a host's, in the clear inside the frame stream, and are
/// redacted in every description.
public struct JumpSpec: Sendable, Equatable {
    /// The bastion's name for messages (`bastion NAME: reason`).
    public var name: String
    public var hostname: String
    public var port: UInt16
    public var username: String
    /// Authentication methods, tried in order. At most `FrameLimits.maxAuthMethods`.
    public var auth: [AuthSpec]
    public var knownHostsPath: String
    public var hostKeyPolicy: HostKeyPolicy
    /// `UInt32.max`: no limit, as for a host.
    public var connectTimeoutMillis: UInt32
    public var keepaliveSeconds: UInt16

    public init(
        name: String, hostname: String, port: UInt16 = 22, username: String, auth: [AuthSpec],
        knownHostsPath: String, hostKeyPolicy: HostKeyPolicy = .acceptNew,
        connectTimeoutMillis: UInt32, keepaliveSeconds: UInt16
    ) {
        self.name = name
        self.hostname = hostname
        self.port = port
        self.username = username
        self.auth = auth
        self.knownHostsPath = knownHostsPath
        self.hostKeyPolicy = hostKeyPolicy
        self.connectTimeoutMillis = connectTimeoutMillis
        self.keepaliveSeconds = keepaliveSeconds
    }
}
