#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2

/// When the session last received bytes. libssh2 1.10 silently swallows keepalive
/// replies, so a dead or frozen peer is noticed by this clock standing still while
/// keepalives go out. Fed by `receiveAndStamp`, libssh2's recv callback.
final class ReceiveClock {
    var lastReceived = Monotonic.now()
}

/// libssh2's recv hook (`LIBSSH2_RECV_FUNC`): the plain `recv` libssh2 would do, plus a
/// time stamp. Returns `-errno` on error, as libssh2's own recv does.
let receiveAndStamp: @convention(c) (
    Int32, UnsafeMutableRawPointer?, Int, Int32, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> Int = { socket, buffer, length, flags, abstract in
    let count = recv(socket, buffer, length, flags)
    if count < 0 { return -Int(errno) }
    if count > 0, let context = abstract?.pointee {
        Unmanaged<ReceiveClock>.fromOpaque(context).takeUnretainedValue().lastReceived = Monotonic.now()
    }
    return count
}
