#if canImport(Glibc)
import Glibc
#endif
import Posix

/// Signs with an RSA key held by ssh-agent, asking for SHA-2 (draft-miller-ssh-agent
/// §4.5): SSH2_AGENTC_SIGN_REQUEST with flag SSH_AGENT_RSA_SHA2_512, a request libssh2
/// 1.10's agent code never makes (it sends flags 0, i.e. ssh-rsa). One short blocking
/// exchange on the local socket per signature, at most `timeout` seconds each way.
final class AgentRSASigner: RSASHA2Signer {
    private let socketPath: String
    /// The identity's key blob as the agent listed it (`ssh-rsa`, e, n).
    private let keyBlob: [UInt8]
    private static let signRequest: UInt8 = 13, signResponse: UInt8 = 14
    private static let timeout = 10
    private static let maximumReply = 64 << 10

    init(socketPath: String, keyBlob: [UInt8]) { (self.socketPath, self.keyBlob) = (socketPath, keyBlob) }

    func signature(of data: UnsafeRawBufferPointer, algorithm: RSASHA2Algorithm) -> [UInt8]? {
        var request = SSHWireWriter()
        request.byte(Self.signRequest)
        request.string(keyBlob)
        request.string(Array(data))
        request.uint32(algorithm.agentFlag)
        guard let reply = exchange(request.bytes) else { return nil }
        // SSH2_AGENT_SIGN_RESPONSE: string signature, itself string name, string raw.
        var message = SSHWireReader(reply)
        guard message.byte() == Self.signResponse, let blob = message.string() else { return nil }
        var signature = SSHWireReader(blob)
        guard signature.text() == algorithm.name, let raw = signature.string(), signature.isAtEnd else { return nil }
        return raw
    }

    /// One framed request and its framed reply (uint32 length, then the message).
    private func exchange(_ message: [UInt8]) -> [UInt8]? {
        guard let fd = connectSocket() else { return nil }
        defer { close(fd) }
        var frame = SSHWireWriter()
        frame.string(message)
        guard writeAll(frame.bytes, to: fd) == nil, let header = readExactly(4, from: fd) else { return nil }
        var length = SSHWireReader(header)
        guard let count = length.uint32().map(Int.init), count <= Self.maximumReply else { return nil }
        return readExactly(count, from: fd)
    }

    /// The corresponding C functions are `socket`, `setsockopt` and `connect`.
    private func connectSocket() -> Int32? {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var limit = timeval(tv_sec: Self.timeout, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, size) == 0,
              setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, size) == 0, connected == 0
        else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Exactly `count` bytes, or nil (end of stream, error, timeout).
    private func readExactly(_ count: Int, from fd: Int32) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {  // each turn reads at least one byte or returns
            let got = bytes.withUnsafeMutableBytes { buffer in
                retryingOnInterrupt { read(fd, buffer.baseAddress.map { $0 + done }, count - done) }
            }
            guard got > 0 else { return nil }
            done += got
        }
        return bytes
    }
}
