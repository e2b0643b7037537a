/// The hello-first rule. Each end sends `hello` as its first frame and checks the peer's
/// first frame with `accept(_:from:)` before acting on anything else.
public enum Handshake {
    /// The peer's hello, if `frame` is a hello from the expected role. (A hello of another
    /// protocol version never gets here: the decoder already threw `unsupportedVersion`.)
    public static func accept(_ frame: Frame, from role: Role) throws(FrameError) -> Hello {
        guard case .hello(let hello) = frame else {
            throw .handshake("expected hello as the first frame, got \(frame.kind)")
        }
        guard hello.version == ProtocolVersion.current else { throw .unsupportedVersion(hello.version) }
        guard hello.role == role else {
            let sender = "\(hello.role) (\(quoted(hello.software)))"
            throw .handshake("expected a hello from the \(role), got one from the \(sender)")
        }
        return hello
    }
}

extension Role: CustomStringConvertible {
    public var description: String {
        switch self {
        case .shell: "shell"
        case .worker: "worker"
        }
    }
}
