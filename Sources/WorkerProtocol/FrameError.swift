/// Everything that can be wrong with an incoming frame stream. The decoder never traps
/// and never allocates for a length it has not checked; it reports one of these instead.
///
/// Errors are final: a stream that produced one cannot be trusted to be at a frame
/// boundary, so the decoder keeps throwing the same error and the peer should be dropped.
public enum FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The stream ended in the middle of a frame (see `FrameDecoder.finish()`).
    case truncated
    /// A frame's length prefix is over the decoder's limit; refused before buffering it.
    case oversized(length: Int)
    /// A kind byte the protocol does not define.
    case unknownKind(UInt8)
    /// A frame whose payload does not match its kind's layout; the text says where.
    case malformed(String)
    /// The peer's `hello` carries a protocol version other than `ProtocolVersion.current`.
    case unsupportedVersion(UInt16)
    /// The stream broke the hello-first rule or a hello came from the wrong role.
    case handshake(String)

    public var description: String {
        switch self {
        case .truncated:
            "truncated frame stream: it ended in the middle of a frame"
        case .oversized(let length):
            "oversized frame: length \(length) is over the limit\(Self.bannerHint(length))"
        case .unknownKind(let kind):
            "unknown frame kind 0x\(Self.hex(kind)): the peer speaks a protocol this chorus does not know"
        case .malformed(let detail):
            "malformed frame: \(detail)"
        case .unsupportedVersion(let version):
            "peer speaks worker protocol version \(version), this chorus speaks \(ProtocolVersion.current): "
                + "run the same chorus version on both ends"
        case .handshake(let detail):
            "handshake failed: \(detail)"
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: false)
        return digits.count == 1 ? "0" + digits : digits
    }

    /// Text in a length prefix usually means something printed into the stream (a login
    /// banner, a shell start-up file on a gateway): say so, quoting the four characters.
    private static func bannerHint(_ length: Int) -> String {
        guard length >= 0, length <= Int(UInt32.max) else { return "" }
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: length >> (24 - 8 * $0)) }
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else { return "" }
        let text = String(decoding: bytes, as: UTF8.self)
        return " (its bytes read \"\(text)\": is something printing text into the stream, "
            + "such as a login banner or a shell start-up file?)"
    }
}
