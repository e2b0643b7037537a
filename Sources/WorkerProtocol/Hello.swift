/// The first frame on a stream, sent by both ends: who is speaking and which protocol
/// version it speaks.
public struct Hello: Sendable, Equatable {
    /// The sender's `ProtocolVersion.current`.
    public var version: UInt16
    /// Whether the sender is the shell or a worker.
    public var role: Role
    /// Free text naming the sender's software, e.g. `chorus 0.1.0`; for messages only.
    public var software: String

    public init(version: UInt16 = ProtocolVersion.current, role: Role, software: String) {
        self.version = version
        self.role = role
        self.software = software
    }
}

/// Which end of a stream a peer is.
public enum Role: UInt8, Sendable {
    case shell = 1
    case worker = 2
}
