#if canImport(Glibc)
import Glibc
#endif
import Posix

/// Frames over a file descriptor (a pipe to a local worker today; an SSH channel's
/// bytes would use the same encoder and decoder). The codec knows nothing of this file.
public enum TransportError: Error, Equatable, CustomStringConvertible {
    /// The other end closed the stream (EOF on read, EPIPE on write).
    case closed
    case io(String)
    case frame(FrameError)

    public var description: String {
        switch self {
        case .closed: "the other end closed the stream"
        case .io(let message): message
        case .frame(let error): "bad frame: \(error)"
        }
    }
}

/// Writes whole frames, blocking until each is written (retrying EINTR).
public struct DescriptorWriter: Sendable {
    public let descriptor: Int32

    public init(descriptor: Int32) { self.descriptor = descriptor }

    public func send(_ frame: Frame) throws(TransportError) {
        try sendBytes(FrameEncoder.encode(frame))
    }

    public func sendBytes(_ bytes: [UInt8]) throws(TransportError) {
        guard let code = writeAll(bytes, to: descriptor) else { return }
        if code == EPIPE { throw .closed }
        throw .io("write failed: \(errnoText(code))")
    }
}

/// Reads what is available (one `read`) and returns the whole frames it completes.
public struct DescriptorReader {
    public let descriptor: Int32
    private var decoder = FrameDecoder()
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)

    public init(descriptor: Int32) { self.descriptor = descriptor }

    /// Whether no partial frame is buffered (see `FrameDecoder.isAtFrameBoundary`).
    public var isAtFrameBoundary: Bool { decoder.isAtFrameBoundary }

    /// Frames completed by one read; throws `.closed` at end of stream (after checking
    /// that no partial frame was left behind, which would be `.frame(.truncated)`).
    public mutating func readFrames() throws(TransportError) -> [Frame] {
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 {
            if errno == EINTR || errno == EAGAIN { return [] }
            throw .io("read failed: \(errnoText())")
        }
        if count == 0 {
            do { try decoder.finish() } catch { throw .frame(error) }
            throw .closed
        }
        do { return try decoder.frames(in: buffer[..<count]) } catch { throw .frame(error) }
    }
}
