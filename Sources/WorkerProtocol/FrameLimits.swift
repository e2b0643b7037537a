/// Bounds that keep a decoder's memory use fixed whatever a peer sends.
///
/// A decoder refuses anything larger before allocating for it; an encoder given a frame
/// beyond these limits still produces bytes, and the receiving decoder refuses them with a
/// typed error (see `FrameEncoder.check(_:)` to find out before sending).
public enum FrameLimits {
    /// The largest frame (kind byte plus payload, excluding the 4-byte length) a decoder
    /// accepts by default: 16 MiB.
    public static let maxFrameLength = 16 << 20

    /// The most authentication methods one `openHost` frame may carry.
    public static let maxAuthMethods = 16

    /// The most bastions (ProxyJump hops) one `openHost` frame may carry; longer chains
    /// are refused by the shell before anything is sent.
    public static let maxJumps = 8

    /// The most sources one `transfer` frame may carry (a put of a larger tree is refused
    /// by the shell before anything is sent).
    public static let maxTransferSources = Int(UInt16.max)

    /// The output chunk size workers should use: each `output` frame carries at most this
    /// many bytes, so neither side ever holds more than one chunk of a job's output to
    /// encode or decode it. (Larger chunks are legal up to `maxFrameLength`.)
    public static let recommendedOutputChunk = 64 << 10

    /// The most bytes one `inputData` frame carries: a relay reads the spool this much at a
    /// time, so it never holds more than a few chunks of input.
    public static let inputDataChunk = 256 << 10
}
