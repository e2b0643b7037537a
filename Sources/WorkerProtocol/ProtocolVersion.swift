/// The version of the frame protocol this build speaks.
///
/// Carried in the `hello` frame that opens every stream. There is only a major version:
/// any change to the wire format (a new kind, a new field, a new tag) bumps it, and a peer
/// whose `hello` carries a different version is refused with `FrameError.unsupportedVersion`.
public enum ProtocolVersion {
    /// The version this build speaks.
    public static let current: UInt16 = 6
}
