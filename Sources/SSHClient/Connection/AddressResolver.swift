#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Posix
import Synchronization

/// Resolves host names without blocking the event loop: numeric addresses at once,
/// names by getaddrinfo on a thread of their own, which then wakes the loop.
final class AddressResolver: @unchecked Sendable {
    enum Answer {
        case addresses([SocketAddress])
        case failed(String)
    }

    private let answer = Mutex<Answer?>(nil)

    /// Starts resolving; `wake` is called (from another thread) once the answer is in.
    init(host: String, port: Int, wake: @escaping @Sendable () -> Void) {
        if let numeric = SocketAddress(numeric: host, port: port) {
            answer.withLock { $0 = .addresses([numeric]) }
            return
        }
        let started = detachThread { [self] in
            let result = Self.lookUp(host: host, port: port)
            answer.withLock { $0 = result }
            wake()
        }
        if !started { answer.withLock { $0 = .failed("cannot resolve '\(host)': no thread to look it up") } }
    }

    /// Nil while the lookup is still running.
    var result: Answer? { answer.withLock { $0 } }

    /// The corresponding C function is `getaddrinfo` (blocking; hence the thread).
    private static func lookUp(host: String, port: Int) -> Answer {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            return .failed("cannot resolve '\(host)': \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            if let address = current.pointee.ai_addr {
                addresses.append(SocketAddress(copying: address, length: current.pointee.ai_addrlen))
            }
            entry = current.pointee.ai_next
        }
        return addresses.isEmpty ? .failed("'\(host)' has no address") : .addresses(addresses)
    }
}
