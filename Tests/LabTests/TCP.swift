import Foundation

struct TCPError: Error, CustomStringConvertible {
    let description: String
    /// The errno of a failed connect (0 for other failures).
    var code: Int32 = 0
}

/// A blocking TCP connection to an IPv4 address with TCP_NODELAY on and 5 s send and
/// receive timeouts, so no test can hang on a silent peer.
func connectTCP(address: String, port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TCPError(description: "socket: \(String(cString: strerror(errno)))") }
    var one: Int32 = 1
    setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var sin = sockaddr_in()
    sin.sin_family = sa_family_t(AF_INET)
    sin.sin_port = in_port_t(UInt16(port).bigEndian)
    inet_pton(AF_INET, address, &sin.sin_addr)
    let rc = withUnsafePointer(to: &sin) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard rc == 0 else {
        let code = errno
        close(fd)
        throw TCPError(description: "connect \(address):\(port): \(String(cString: strerror(code)))", code: code)
    }
    return fd
}

/// The first line a server sends (an SSH server's identification string).
func readBanner(address: String, port: Int) throws -> String {
    let fd = try connectTCP(address: address, port: port)
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 256)
    let count = recv(fd, &buffer, buffer.count, 0)
    guard count > 0 else { throw TCPError(description: "no banner from \(address):\(port)") }
    return String(decoding: buffer[..<count], as: UTF8.self)
}
