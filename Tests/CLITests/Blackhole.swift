import Foundation
import LabSupport

/// A loopback port whose SYNs go unanswered, like a blackholed host: a listener with
/// a backlog of 0 that never accepts, its queue already filled, so the kernel drops
/// further connection attempts instead of refusing them.
final class Blackhole {
    let port: Int
    private var descriptors: [Int32] = []

    init(address: String = "127.0.0.1") throws {
        let (listener, port) = try Loopback.listen(on: address, backlog: 0)
        descriptors.append(listener)
        self.port = port
        for _ in 0..<3 { fillQueue(address) }
        usleep(200_000)
    }

    deinit { descriptors.forEach { close($0) } }

    private func fillQueue(_ address: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        descriptors.append(fd)
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, address, &sin.sin_addr)
        _ = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
