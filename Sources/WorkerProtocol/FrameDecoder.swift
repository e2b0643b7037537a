/// Incremental: feed arbitrary byte slices (as they come off a pipe or channel), take
/// whole frames out.
///
/// ```swift
/// var decoder = FrameDecoder()
/// decoder.feed(bytesJustRead)
/// while let frame = try decoder.next() { handle(frame) }
/// // at end of stream:
/// try decoder.finish()   // throws .truncated if a partial frame is left
/// ```
///
/// Memory is bounded by `maxFrameLength` plus what one `feed` brings: a length prefix is
/// checked as soon as its four bytes arrive, and nothing is ever allocated from a length
/// read off the wire. After an error the decoder stays failed and rethrows it.
public struct FrameDecoder: Sendable {
    /// The largest frame body (kind + payload) accepted; longer prefixes are `oversized`.
    public let maxFrameLength: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var failure: FrameError?

    public init(maxFrameLength: Int = FrameLimits.maxFrameLength) {
        self.maxFrameLength = maxFrameLength
    }

    /// Bytes received but not yet returned as frames. Non-zero at end of stream means the
    /// stream was cut in the middle of a frame.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Whether everything fed so far was whole frames, so another reader could take
    /// the stream over from here (a worker lent back to the session mux).
    public var isAtFrameBoundary: Bool { failure == nil && bufferedByteCount == 0 }

    /// Appends bytes read from the stream. Call `next()` until it returns nil after each feed.
    public mutating func feed(_ bytes: some Collection<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame, or nil if more bytes are needed.
    public mutating func next() throws(FrameError) -> Frame? {
        if let failure { throw failure }
        do {
            guard let body = try nextBody() else { return nil }
            return try FrameParser.parse(body)
        } catch {
            failure = error
            throw error
        }
    }

    /// Call at end of stream: throws `.truncated` if part of a frame is still buffered
    /// (or the error the stream already failed with).
    public func finish() throws(FrameError) {
        if let failure { throw failure }
        guard bufferedByteCount == 0 else { throw .truncated }
    }

    /// Cuts the next frame body out of the buffer once it is complete. Checks the length
    /// and the kind byte as soon as they arrive, so garbage fails fast.
    private mutating func nextBody() throws(FrameError) -> ArraySlice<UInt8>? {
        guard bufferedByteCount >= 4 else { return nil }
        let length = readLength()
        guard length <= maxFrameLength else { throw .oversized(length: length) }
        guard length > 0 else { throw .malformed("empty frame: length 0 leaves no room for the kind byte") }
        guard bufferedByteCount > 4 else { return nil }
        let kind = buffer[start + 4]
        guard FrameKind(rawValue: kind) != nil else { throw .unknownKind(kind) }
        guard bufferedByteCount - 4 >= length else { return nil }
        let body = buffer[(start + 4)..<(start + 4 + length)]
        start += 4 + length
        return body
    }

    private func readLength() -> Int {
        (0..<4).reduce(0) { value, index in value << 8 | Int(buffer[start + index]) }
    }
}

extension FrameDecoder {
    /// All frames in `bytes`, which must hold whole frames only (`.truncated` otherwise).
    public static func decodeAll(_ bytes: some Collection<UInt8>, maxFrameLength: Int = FrameLimits.maxFrameLength)
        throws(FrameError) -> [Frame]
    {
        var decoder = FrameDecoder(maxFrameLength: maxFrameLength)
        decoder.feed(bytes)
        var frames: [Frame] = []
        while let frame = try decoder.next() { frames.append(frame) }
        try decoder.finish()
        return frames
    }
}
