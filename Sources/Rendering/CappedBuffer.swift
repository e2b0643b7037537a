// One stream of one host's output, kept for gathering up to a cap; what does not fit is
// counted, not kept, so a host printing gigabytes costs the cap and no more.

public struct CappedBuffer: Sendable, Hashable {
    public private(set) var bytes: [UInt8] = []
    /// Bytes that arrived after the cap was reached.
    public private(set) var dropped: Int = 0

    public init() {}

    public mutating func append(_ chunk: [UInt8], limit: Int) {
        let room = max(0, limit - bytes.count)
        bytes.append(contentsOf: chunk.prefix(room))
        dropped += max(0, chunk.count - room)
    }

    public var isEmpty: Bool { bytes.isEmpty && dropped == 0 }
}
