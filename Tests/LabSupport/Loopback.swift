import Foundation

/// Plain TCP sockets on loopback addresses, for tests that need a port that is not an
/// SSH server (silent, refusing, blackholed, answering garbage).
public enum Loopback {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A socket listening on an ephemeral port of `address` with this backlog.
    public static func listen(on address: String, backlog: Int32) throws -> (descriptor: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, address, &sin.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, bound, Glibc.listen(fd, backlog) == 0 else {
            if fd >= 0 { close(fd) }
            throw Failure(description: "cannot listen on \(address): \(String(cString: strerror(errno)))")
        }
        return (fd, Int(UInt16(bigEndian: sin.sin_port)))
    }

    /// A port of `address` that nothing listens on (bound, read back, released).
    public static func unusedPort(on address: String) throws -> Int {
        let (fd, port) = try listen(on: address, backlog: 1)
        close(fd)
        return port
    }
}
