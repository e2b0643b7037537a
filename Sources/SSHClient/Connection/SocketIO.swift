#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Posix

/// A session's socket as libssh2 sees it, through its recv and send hooks: a clock
/// of the last bytes received, and a queue of bytes the kernel would not take yet.
///
/// **Received.** libssh2 1.10 silently swallows keepalive replies, so a dead or frozen
/// peer is noticed by `lastReceived` standing still while keepalives go out.
///
/// **Sent.** When libssh2's own send would block part-way through a packet, libssh2
/// keeps the rest and refuses (`LIBSSH2_ERROR_BAD_USE`) any *other* packet until the
/// same call is repeated, so a second channel, another SFTP subsystem, a keepalive or
/// a window adjust would fail while one transfer's packet is half sent. The send hook
/// therefore always takes the whole packet: what the kernel refuses waits here, in
/// order, and goes out on the next turn the socket is writable (`flush`). The session
/// polls for POLLOUT while anything waits, and transfers stop adding data while more
/// than `highWater` bytes wait (`isBacklogged`), so the queue stays small.
///
/// **Goodbye.** A server that ends the session on purpose (e.g. "Too many
/// authentication failures") says why in SSH_MSG_DISCONNECT; one that dies just closes
/// the socket. libssh2 reports both alike, and sometimes as an unrelated error, so its
/// disconnect hook keeps the server's words (`serverGoodbye`) and the recv hook notes
/// the end of the stream (`streamEnded`).
final class SocketIO {
    var lastReceived = MonotonicClock.now
    /// The description in the server's SSH_MSG_DISCONNECT, once one arrived.
    var serverGoodbye: String?
    /// The socket read end-of-stream or an error other than "try again".
    var streamEnded = false
    /// The keyboard-interactive attempt in progress, if any. Not socket state: libssh2
    /// hands every callback the session's one abstract pointer, this object, so the
    /// keyboard-interactive callback finds its answers here.
    var keyboardInteractive: KeyboardInteractiveConversation?
    /// The libssh2 session structure's own mapping, while it exists (`SessionMemory`).
    var sessionBlock: UnsafeMutableRawPointer?
    var sessionBlockLength = 0
    /// Set by the first allocation through this session's allocator: the structure.
    var sessionBlockMade = false
    /// Bytes for the socket, sent up to `sentUpTo`.
    private var queue: [UInt8] = []
    private var sentUpTo = 0
    /// The `errno` of a send that failed; the connection is then broken for good.
    private(set) var sendError: Int32?

    /// Transfers wait while more than this waits to be sent.
    static let highWater = 512 * 1024

    var waitingBytes: Int { queue.count - sentUpTo }
    var isBacklogged: Bool { waitingBytes > Self.highWater }

    /// Sends waiting bytes as far as the socket takes them; false once a send failed.
    /// The corresponding C function is `send`.
    func flush(_ socket: Int32) -> Bool {
        guard sendError == nil else { return false }
        while sentUpTo < queue.count {
            let n = queue.withUnsafeBytes { bytes in
                retryingOnInterrupt {
                    Glibc.send(socket, bytes.baseAddress.map { $0 + sentUpTo }, bytes.count - sentUpTo, Int32(MSG_NOSIGNAL))
                }
            }
            if n > 0 {
                sentUpTo += n
            } else if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                sendError = n < 0 ? errno : EPIPE
                return false
            }
        }
        if sentUpTo == queue.count {
            queue.removeAll(keepingCapacity: queue.capacity <= 4 * Self.highWater)
            sentUpTo = 0
        } else if sentUpTo >= Self.highWater {
            queue.removeSubrange(..<sentUpTo)
            sentUpTo = 0
        }
        return true
    }

    /// libssh2's send: takes all `length` bytes, sending what the socket accepts now
    /// (after anything already waiting) and keeping the rest; `-errno` once broken.
    func send(_ socket: Int32, _ buffer: UnsafeRawPointer, _ length: Int, _ flags: Int32) -> Int {
        guard flush(socket) else { return -Int(sendError ?? EPIPE) }
        var offset = 0
        while waitingBytes == 0, offset < length {
            let n = retryingOnInterrupt { Glibc.send(socket, buffer + offset, length - offset, flags | Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                offset += n
            } else if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                sendError = n < 0 ? errno : EPIPE
                return -Int(sendError ?? EPIPE)
            }
        }
        queue.append(contentsOf: UnsafeRawBufferPointer(start: buffer + offset, count: length - offset))
        return length
    }
}

/// libssh2's recv hook (`LIBSSH2_RECV_FUNC`): the plain `recv` libssh2 would do, plus a
/// time stamp. Returns `-errno` on error, as libssh2's own recv does.
let receiveAndStamp: @convention(c) (
    Int32, UnsafeMutableRawPointer?, Int, Int32, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> Int = { socket, buffer, length, flags, abstract in
    let count = recv(socket, buffer, length, flags)
    let code = errno
    guard let context = abstract?.pointee else { return count < 0 ? -Int(code) : count }
    let io = Unmanaged<SocketIO>.fromOpaque(context).takeUnretainedValue()
    if count > 0 { io.lastReceived = MonotonicClock.now }
    if count == 0 || (count < 0 && code != EAGAIN && code != EWOULDBLOCK && code != EINTR) { io.streamEnded = true }
    return count < 0 ? -Int(code) : count
}

/// libssh2's send hook (`LIBSSH2_SEND_FUNC`): never "would block" (see `SocketIO`).
let sendOrQueue: @convention(c) (
    Int32, UnsafeRawPointer?, Int, Int32, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> Int = { socket, buffer, length, flags, abstract in
    guard let buffer, length > 0, let context = abstract?.pointee else { return 0 }
    return Unmanaged<SocketIO>.fromOpaque(context).takeUnretainedValue().send(socket, buffer, length, flags)
}

/// libssh2's disconnect hook (`LIBSSH2_DISCONNECT_FUNC`), called when the server sends
/// SSH_MSG_DISCONNECT: keeps its description (not NUL-terminated) for the error, as one
/// short line: the server chooses these bytes.
let recordGoodbye: @convention(c) (
    OpaquePointer?, Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, Int32,
    UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> Void = { _, reason, message, length, _, _, abstract in
    guard let context = abstract?.pointee else { return }
    let bytes = message.map { UnsafeRawBufferPointer(start: $0, count: Int(min(max(0, length), 200))) }
    let text = String(decoding: bytes ?? UnsafeRawBufferPointer(start: nil, count: 0), as: UTF8.self)
    let line = ServerText.oneLine(text, limit: 200)
    Unmanaged<SocketIO>.fromOpaque(context).takeUnretainedValue().serverGoodbye = line.isEmpty ? "reason \(reason)" : line
}

extension SocketIO {
    /// The SocketIO a session was started with (its libssh2 "abstract").
    /// The corresponding C function is `libssh2_session_abstract`.
    static func of(_ session: OpaquePointer) -> SocketIO? {
        libssh2_session_abstract(session)?.pointee.map { Unmanaged<SocketIO>.fromOpaque($0).takeUnretainedValue() }
    }
}
