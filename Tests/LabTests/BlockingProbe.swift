import CLibSSH2
import Foundation

/// A deliberately small, blocking libssh2 client used only to prove the wiring
/// (Swift → libssh2 → lab sshd). The product's client is the non-blocking SSHClient
/// module; this probe runs on its own thread, never on Swift's cooperative pool.
final class BlockingProbe {
    struct Failure: Error, CustomStringConvertible {
        let step: String
        let code: Int32
        let message: String
        var description: String { "\(step) failed: [\(code)] \(message)" }
    }

    struct ExecResult: Equatable {
        var stdout = ""
        var stderr = ""
        var exitStatus: Int32 = -1
    }

    private let socket: Int32
    private let session: OpaquePointer

    /// Connects with TCP_NODELAY, sets a 10 s timeout on every blocking call and
    /// completes the SSH handshake.
    init(address: String, port: Int) throws {
        socket = try connectTCP(address: address, port: port)
        guard let session = libssh2_session_init_ex(nil, nil, nil, nil) else {
            close(socket)
            throw Failure(step: "session_init", code: -1, message: "out of memory")
        }
        self.session = session
        libssh2_session_set_blocking(session, 1)
        libssh2_session_set_timeout(session, 10_000)
        try check("handshake", libssh2_session_handshake(session, socket))
    }

    deinit {
        libssh2_session_disconnect_ex(session, SSH_DISCONNECT_BY_APPLICATION, "bye", "")
        libssh2_session_free(session)
        close(socket)
    }

    /// The server's host key as `(key type name, base64 blob)`, as in known_hosts.
    func hostKey() -> (type: Int32, data: [UInt8]) {
        var length = 0
        var type: Int32 = 0
        guard let raw = libssh2_session_hostkey(session, &length, &type) else { return (0, []) }
        return (type, raw.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) })
    }

    /// Checks the negotiated host key against a known_hosts file for `[address]:port`.
    /// Returns libssh2's answer: MATCH, MISMATCH, NOTFOUND or FAILURE.
    func checkKnownHosts(file: String, address: String, port: Int) throws -> Int32 {
        guard let hosts = libssh2_knownhost_init(session) else { throw Failure(step: "knownhost_init", code: -1, message: "") }
        defer { libssh2_knownhost_free(hosts) }
        let read = libssh2_knownhost_readfile(hosts, file, LIBSSH2_KNOWNHOST_FILE_OPENSSH)
        guard read >= 0 else { throw lastError("knownhost_readfile") }
        let (type, key) = hostKey()
        let typeBits: Int32 = switch type {
        case LIBSSH2_HOSTKEY_TYPE_ED25519: LIBSSH2_KNOWNHOST_KEY_ED25519
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: LIBSSH2_KNOWNHOST_KEY_ECDSA_256
        default: LIBSSH2_KNOWNHOST_KEY_UNKNOWN
        }
        let mask = LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | typeBits
        return key.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                libssh2_knownhost_checkp(hosts, address, Int32(port), $0.baseAddress, key.count, mask, nil)
            }
        }
    }

    func authenticate(user: String, privateKey: String, passphrase: String? = nil) throws {
        try check("publickey auth", libssh2_userauth_publickey_fromfile_ex(
            session, user, UInt32(user.utf8.count), privateKey + ".pub", privateKey, passphrase))
    }

    func authenticate(user: String, password: String) throws {
        try check("password auth", libssh2_userauth_password_ex(
            session, user, UInt32(user.utf8.count), password, UInt32(password.utf8.count), nil))
    }

    /// Runs a command; reads stdout and stderr in turn (never one drained before the
    /// other: a full stderr window would stall stdout) and returns both with the status.
    func exec(_ command: String) throws -> ExecResult {
        guard let channel = libssh2_channel_open_ex(
            session, "session", 7, 2 * 1024 * 1024, 32_768, nil, 0) else { throw lastError("channel_open") }
        defer { libssh2_channel_free(channel) }
        try check("exec", libssh2_channel_process_startup(channel, "exec", 4, command, UInt32(command.utf8.count)))
        var result = ExecResult()
        var out = [UInt8](), err = [UInt8]()
        while libssh2_channel_eof(channel) == 0 {
            try read(channel, stream: 0, into: &out)
            try read(channel, stream: 1, into: &err)
        }
        try read(channel, stream: 0, into: &out)
        try read(channel, stream: 1, into: &err)
        libssh2_channel_close(channel)
        libssh2_channel_wait_closed(channel)
        result.stdout = String(decoding: out, as: UTF8.self)
        result.stderr = String(decoding: err, as: UTF8.self)
        result.exitStatus = libssh2_channel_get_exit_status(channel)
        return result
    }

    private func read(_ channel: OpaquePointer, stream: Int32, into bytes: inout [UInt8]) throws {
        var buffer = [CChar](repeating: 0, count: 16_384)
        let count = libssh2_channel_read_ex(channel, stream, &buffer, buffer.count)
        if count > 0 {
            bytes += buffer[..<count].map { UInt8(bitPattern: $0) }
        } else if count < 0, Int32(count) != LIBSSH2_ERROR_EAGAIN {
            throw Failure(step: "read", code: Int32(count), message: "channel read failed")
        }
    }

    private func check(_ step: String, _ code: Int32) throws {
        guard code == 0 else { throw lastError(step) }
    }

    private func lastError(_ step: String) -> Failure {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(session, &message, &length, 0)
        return Failure(step: step, code: code, message: message.map { String(cString: $0) } ?? "")
    }
}
