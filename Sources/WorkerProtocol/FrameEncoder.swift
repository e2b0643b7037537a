/// Turns frames into bytes: `u32` big-endian length of what follows · `u8` kind · payload.
///
/// Encoding cannot fail. A frame beyond `FrameLimits` (an output chunk over 16 MiB, more
/// than `maxAuthMethods` auth methods) is still encoded, and the receiving decoder refuses
/// it with a typed error; `check(_:)` finds such frames before they are sent.
public enum FrameEncoder {
    /// The complete bytes of `frame`, length prefix included.
    public static func encode(_ frame: Frame) -> [UInt8] {
        if case .output(let jobID, let stream, let bytes) = frame {
            return encodeOutput(jobID: jobID, stream: stream, chunk: bytes)
        }
        var writer = ByteWriter()
        writer.u32(0)  // length, patched below
        writer.u8(frame.kind.rawValue)
        writer.payload(of: frame)
        writer.patchU32(UInt32(clamping: writer.bytes.count - 4), at: 0)
        return writer.bytes
    }

    /// The bytes of `Frame.output(jobID:stream:bytes:)` straight from any byte collection
    /// (an `UnsafeRawBufferPointer` over a read buffer, say), without first copying the
    /// chunk into an array: the only allocation is the frame itself.
    public static func encodeOutput(jobID: UInt64, stream: StandardStream, chunk: some Collection<UInt8>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(outputHeaderLength + chunk.count)
        appendOutputHeader(jobID: jobID, stream: stream, chunkLength: chunk.count, to: &bytes)
        bytes.append(contentsOf: chunk)
        return bytes
    }

    /// Appends what precedes the chunk in an output frame of `chunkLength` bytes, for a
    /// writer that sends the chunk from where it lies.
    static func appendOutputHeader(jobID: UInt64, stream: StandardStream, chunkLength: Int, to bytes: inout [UInt8]) {
        let length = outputHeaderLength - 4 + chunkLength
        withUnsafeBytes(of: UInt32(clamping: length).bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(FrameKind.output.rawValue)
        withUnsafeBytes(of: jobID.bigEndian) { bytes.append(contentsOf: $0) }
        bytes.append(stream.rawValue)
        withUnsafeBytes(of: UInt32(clamping: chunkLength).bigEndian) { bytes.append(contentsOf: $0) }
    }

    /// An output frame's bytes before its chunk: length, kind, job, stream, chunk length.
    static let outputHeaderLength = 4 + 1 + 8 + 1 + 4

    /// Throws the error a default decoder would raise for `frame`, if any: `oversized`
    /// past `FrameLimits.maxFrameLength`, `malformed` for too many auth methods or bastions.
    public static func check(_ frame: Frame) throws(FrameError) {
        if case .openHost(let spec) = frame { try checkCounts(spec) }
        let length = encodedLength(of: frame) - 4
        guard length <= FrameLimits.maxFrameLength else { throw .oversized(length: length) }
    }

    private static func checkCounts(_ spec: HostSpec) throws(FrameError) {
        let most = ([spec.auth.count] + spec.jumps.map(\.auth.count)).max() ?? 0
        if most > FrameLimits.maxAuthMethods {
            throw .malformed("openHost: \(most) auth methods, at most \(FrameLimits.maxAuthMethods) allowed")
        }
        if spec.jumps.count > FrameLimits.maxJumps {
            throw .malformed("openHost: \(spec.jumps.count) bastions, at most \(FrameLimits.maxJumps) allowed")
        }
    }

    /// The number of bytes `encode(frame)` produces.
    static func encodedLength(of frame: Frame) -> Int {
        if case .output(_, _, let bytes) = frame { return outputHeaderLength + bytes.count }
        return encode(frame).count
    }
}
