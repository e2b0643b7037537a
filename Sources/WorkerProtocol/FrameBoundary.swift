/// Follows the framing of a stream without decoding it: a relay that copies a worker's
/// bytes as they come (a gateway's, see `GatewayRelay`) knows from this whether it stands
/// between two frames, where it may add a frame of its own (the reason the gateway was
/// lost) without cutting one in half.
///
/// A length a decoder would refuse (0, or over `maxFrameLength`) breaks the stream here
/// too, as soon as its four bytes are seen: the relay then stops rather than buffer or
/// pass on a frame its reader will never take.
public struct FrameBoundary: Sendable {
    public let maxFrameLength: Int
    /// Length bytes of the next frame's header seen so far (fewer than 4).
    private var header: [UInt8] = []
    /// Bytes of the current frame's body still to come.
    private var remaining: UInt64 = 0
    /// The refused length, once one was seen; nothing is accounted for after it.
    public private(set) var refusedLength: UInt64?

    public init(maxFrameLength: Int = FrameLimits.maxFrameLength) {
        self.maxFrameLength = maxFrameLength
    }

    public var isAtBoundary: Bool { header.isEmpty && remaining == 0 && refusedLength == nil }

    /// Accounts for `bytes`, the next bytes of the stream.
    public mutating func pass(_ bytes: ArraySlice<UInt8>) {
        var rest = bytes
        while !rest.isEmpty, refusedLength == nil { rest = rest.dropFirst(passUntilBoundary(rest)) }
    }

    /// Accounts for the leading bytes of `bytes` up to the next frame boundary (all of
    /// them if none comes), and says how many that was: a relay with frames of its own
    /// to add copies that many, adds them, and goes on with the rest. After a refused
    /// length it takes nothing more (0).
    public mutating func passUntilBoundary(_ bytes: ArraySlice<UInt8>) -> Int {
        var index = bytes.startIndex
        while index < bytes.endIndex, refusedLength == nil {  // each turn takes at least one byte
            if remaining > 0 {
                let skip = Int(min(remaining, UInt64(bytes.endIndex - index)))
                index += skip
                remaining -= UInt64(skip)
                if remaining == 0 { break }
                continue
            }
            header.append(bytes[index])
            index += 1
            if header.count == 4 { takeLength() }
        }
        return index - bytes.startIndex
    }

    private mutating func takeLength() {
        let length = header.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        header.removeAll(keepingCapacity: true)
        guard length >= 1, length <= UInt64(maxFrameLength) else { return refusedLength = length }
        remaining = length
    }
}
