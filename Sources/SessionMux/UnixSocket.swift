#if canImport(Glibc)
import Glibc
#endif
import CPosixShim
import Posix

/// Why talking to the session mux failed; every case means "run without it".
public struct MuxError: Error, Equatable, CustomStringConvertible {
    public let description: String
    /// The `errno` of the call that failed, when one did.
    public let code: Int32?

    public init(_ description: String, code: Int32? = nil) { (self.description, self.code) = (description, code) }

    static func errno(_ what: String, _ code: Int32 = Glibc.errno) -> MuxError {
        MuxError("\(what): \(errnoText(code))", code: code)
    }
}

/// A connected (or listening) Unix stream socket, closed when released. Messages are a
/// `u32` big-endian length and that many bytes; descriptors ride on a message's first
/// bytes (SCM_RIGHTS), so the receiver's first `recvmsg` of a message collects them.
final class UnixSocket {
    let descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// The largest message accepted: a pool's state for a few hundred thousand hosts.
    static let maxMessage = 64 << 20

    /// A new socket, close-on-exec.
    static func stream() throws(MuxError) -> UnixSocket {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .errno("socket") }
        return UnixSocket(descriptor: fd)
    }

    /// Connects to the socket at `path`.
    static func connect(to path: String) throws(MuxError) -> UnixSocket {
        let socket = try stream()
        var address = try socketAddress(path)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket.descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { throw .errno("connect \(path)") }
        return socket
    }

    /// Binds and listens at `path` (which must not exist).
    static func listen(at path: String) throws(MuxError) -> UnixSocket {
        let socket = try stream()
        var address = try socketAddress(path)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket.descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { throw .errno("bind \(path)") }
        guard Glibc.listen(socket.descriptor, 16) == 0 else { throw .errno("listen \(path)") }
        return socket
    }

    /// The next connection, or nil when none is waiting (the listener polls first).
    /// Close-on-exec is set after the fact (Swift does not see accept4); the mux is one
    /// thread, so no spawn can come between.
    func accept() -> UnixSocket? {
        let fd = Glibc.accept(descriptor, nil, nil)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        return UnixSocket(descriptor: fd)
    }

    /// The user id of the process at the other end, from the kernel (SO_PEERCRED).
    var peerUID: uid_t? {
        var uid: UInt32 = 0
        return cposix_peer_uid(descriptor, &uid) == 0 ? uid : nil
    }

    /// Reads and writes give up after `seconds` (SO_RCVTIMEO, SO_SNDTIMEO), so a
    /// peer that stops answering cannot hold the other side.
    func setTimeout(_ seconds: Double) {
        var time = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            _ = setsockopt(descriptor, SOL_SOCKET, option, &time, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    private static func socketAddress(_ path: String) throws(MuxError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity, !bytes.contains(0) else { throw MuxError("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }
}

extension UnixSocket {
    /// Sends one message, with `descriptors` attached to its first bytes.
    func send(_ payload: [UInt8], descriptors: [Int32] = []) throws(MuxError) {
        let count = UInt32(payload.count)
        let message = [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)] + payload
        let sent = message.withUnsafeBytes { bytes in
            descriptors.withUnsafeBufferPointer {
                cposix_send_descriptors(descriptor, bytes.baseAddress, UInt(bytes.count), $0.baseAddress, Int32($0.count))
            }
        }
        guard sent >= 0 else { throw .errno("send") }
        if let code = writeAll(message[Int(sent)...], to: descriptor) { throw .errno("send", code) }
    }

    /// Receives one message and the descriptors that came with it; nil at end of stream
    /// before a message starts. Descriptors come close-on-exec.
    func receive() throws(MuxError) -> (payload: [UInt8], descriptors: [Int32])? {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var fds = [Int32](repeating: -1, count: 250)
        var received: Int32 = 0
        let got = buffer.withUnsafeMutableBytes { bytes in
            fds.withUnsafeMutableBufferPointer {
                cposix_receive_descriptors(descriptor, bytes.baseAddress, UInt(bytes.count), $0.baseAddress, 250, &received)
            }
        }
        let descriptors = Array(fds.prefix(Int(received)))
        guard got > 0 else {
            descriptors.forEach { close($0) }
            if got == 0 { return nil }
            throw .errno("receive")
        }
        do throws(MuxError) {
            return (try completeMessage(Array(buffer.prefix(got))), descriptors)
        } catch {
            descriptors.forEach { close($0) }
            throw error
        }
    }

    /// The rest of a message whose first `start` bytes were read.
    private func completeMessage(_ start: [UInt8]) throws(MuxError) -> [UInt8] {
        var message = start
        while message.count < 4 { message += try readSome(4 - message.count) }
        let length = message.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        guard length <= Self.maxMessage else { throw MuxError("message of \(length) bytes refused") }
        while message.count < 4 + length { message += try readSome(4 + length - message.count) }  // each turn reads ≥ 1 byte or throws
        guard message.count == 4 + length else { throw MuxError("a second message arrived unasked") }
        return Array(message.dropFirst(4))
    }

    private func readSome(_ wanted: Int) throws(MuxError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: min(wanted, 1 << 20))
        let got = retryingOnInterrupt(attempts: 101) { buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) } }
        if got < 0 { throw .errno("receive") }
        if got == 0 { throw MuxError("the other end closed in the middle of a message") }
        return Array(buffer.prefix(got))
    }
}
