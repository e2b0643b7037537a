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
            guard let (body, used) = try Self.cutBody(buffer[start...], maxFrameLength) else { return nil }
            start += used
            return try FrameParser.parse(body)
        } catch {
            failure = error
            throw error
        }
    }

    /// Feeds `bytes` and returns every frame now complete, as `feed` and `next` would.
    /// Frames lying whole in `bytes` are parsed straight from them; only bytes that
    /// finish a frame begun earlier, or begin one that ends later, are copied into the
    /// buffer. For a pipe read in large runs, that is most bytes not copied.
    public mutating func frames(in bytes: ArraySlice<UInt8>) throws(FrameError) -> [Frame] {
        if let failure { throw failure }
        var frames: [Frame] = []
        var rest = bytes
        while bufferedByteCount > 0, !rest.isEmpty {  // each turn takes bytes or throws
            let wanted = try neededToFinishBuffered()
            feed(rest.prefix(wanted))
            rest = rest.dropFirst(wanted)
            while let frame = try next() { frames.append(frame) }
        }
        do {
            while let (body, used) = try Self.cutBody(rest, maxFrameLength) {
                frames.append(try FrameParser.parse(body))
                rest = rest.dropFirst(used)
            }
        } catch {
            failure = error
            throw error
        }
        feed(rest)
        return frames
    }

    /// How many more bytes the buffered start of a frame needs: its length prefix first,
    /// then the rest of the frame the prefix announces (checked against the limit).
    private mutating func neededToFinishBuffered() throws(FrameError) -> Int {
        guard bufferedByteCount >= 4 else { return 4 - bufferedByteCount }
        let length = readLength()
        guard length <= maxFrameLength else {
            failure = .oversized(length: length)
            throw .oversized(length: length)
        }
        return max(1, 4 + length - bufferedByteCount)
    }

    /// Call at end of stream: throws `.truncated` if part of a frame is still buffered
    /// (or the error the stream already failed with).
    public func finish() throws(FrameError) {
        if let failure { throw failure }
        guard bufferedByteCount == 0 else { throw .truncated }
    }

    /// The next frame body at the start of `bytes` once it is complete, and how many
    /// bytes it takes with its prefix. Checks the length and the kind byte as soon as
    /// they arrive, so garbage fails fast.
    private static func cutBody(_ bytes: ArraySlice<UInt8>, _ maxFrameLength: Int)
        throws(FrameError) -> (ArraySlice<UInt8>, Int)?
    {
        let first = bytes.startIndex
        guard bytes.count >= 4 else { return nil }
        let length = (0..<4).reduce(0) { value, index in value << 8 | Int(bytes[first + index]) }
        guard length <= maxFrameLength else { throw .oversized(length: length) }
        guard length > 0 else { throw .malformed("empty frame: length 0 leaves no room for the kind byte") }
        guard bytes.count > 4 else { return nil }
        let kind = bytes[first + 4]
        guard FrameKind(rawValue: kind) != nil else { throw .unknownKind(kind) }
        guard bytes.count - 4 >= length else { return nil }
        return (bytes[(first + 4)..<(first + 4 + length)], 4 + length)
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
