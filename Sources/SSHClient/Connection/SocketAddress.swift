#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2

/// An IPv4 or IPv6 socket address, held by value.
struct SocketAddress: Sendable, CustomStringConvertible {
    fileprivate var storage = sockaddr_storage()
    let length: socklen_t
    var family: Int32 { Int32(storage.ss_family) }

    /// Parses a numeric address (no DNS): `127.0.0.1`, `::1`, `fe80::1%eth0` is not supported.
    init?(numeric host: String, port: Int) {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            Self.copy(v4, into: &storage)
            return
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            Self.copy(v6, into: &storage)
            return
        }
        return nil
    }

    /// Copies a sockaddr_in/sockaddr_in6 into the storage (pointers never leave their closures).
    private static func copy<T>(_ address: T, into storage: inout sockaddr_storage) {
        withUnsafeBytes(of: address) { source in
            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: source) }
        }
    }

    /// Copies an address returned by getaddrinfo.
    init(copying address: UnsafePointer<sockaddr>, length: socklen_t) {
        self.length = length
        withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(length))) }
    }

    // The force unwraps below cannot fail: a non-empty struct's bytes always have an address.
    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafeBytes(of: storage) { body($0.baseAddress!.assumingMemoryBound(to: sockaddr.self), length) }
    }

    /// `127.0.0.1:22` or `[::1]:22`: what a connect error names, so a wrong port is seen
    /// at once.
    var endpoint: String {
        let port = withUnsafeBytes(of: storage) { raw in UInt16(raw[2]) << 8 | UInt16(raw[3]) }  // network order
        return family == AF_INET6 ? "[\(description)]:\(port)" : "\(description):\(port)"
    }

    /// `127.0.0.1` or `::1`, without the port.
    var description: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        withUnsafeBytes(of: storage) { raw in
            if family == AF_INET {
                _ = inet_ntop(AF_INET, raw.baseAddress! + 4, &text, socklen_t(text.count))
            } else {
                _ = inet_ntop(AF_INET6, raw.baseAddress! + 8, &text, socklen_t(text.count))
            }
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
