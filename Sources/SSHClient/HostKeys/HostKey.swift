import CLibSSH2
import Digests

/// A server's host key as presented in the handshake.
public struct HostKey: Sendable, Equatable {
    /// OpenSSH's name for the key type, e.g. `ssh-ed25519`.
    public let typeName: String
    public let blob: [UInt8]

    /// `SHA256:…` exactly as `ssh-keygen -l` prints it.
    public var fingerprint: String { Self.fingerprint(of: blob) }

    static func fingerprint(of blob: [UInt8]) -> String {
        "SHA256:" + Base64.encode(SHA256.hash(blob), padded: false)
    }

    /// Reads the negotiated key. The corresponding C function is `libssh2_session_hostkey`.
    init?(session: OpaquePointer) {
        var length = 0
        var type: Int32 = 0
        guard let raw = libssh2_session_hostkey(session, &length, &type), length > 0 else { return nil }
        blob = raw.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
        guard let algorithm = HostKeyAlgorithm(sessionType: type) else { return nil }
        typeName = algorithm.rawValue
    }
}

/// Host-key algorithms libssh2 1.10 can verify, in OpenSSH's names.
enum HostKeyAlgorithm: String, CaseIterable {
    case ed25519 = "ssh-ed25519"
    case ecdsa256 = "ecdsa-sha2-nistp256"
    case ecdsa384 = "ecdsa-sha2-nistp384"
    case ecdsa521 = "ecdsa-sha2-nistp521"
    case rsa = "ssh-rsa"

    init?(sessionType: Int32) {
        switch sessionType {
        case LIBSSH2_HOSTKEY_TYPE_ED25519: self = .ed25519
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: self = .ecdsa256
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: self = .ecdsa384
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: self = .ecdsa521
        case LIBSSH2_HOSTKEY_TYPE_RSA: self = .rsa
        default: return nil
        }
    }

    /// The `LIBSSH2_KNOWNHOST_KEY_*` bits: a different enum from the session's key types.
    var knownHostBits: Int32 {
        switch self {
        case .ed25519: LIBSSH2_KNOWNHOST_KEY_ED25519
        case .ecdsa256: LIBSSH2_KNOWNHOST_KEY_ECDSA_256
        case .ecdsa384: LIBSSH2_KNOWNHOST_KEY_ECDSA_384
        case .ecdsa521: LIBSSH2_KNOWNHOST_KEY_ECDSA_521
        case .rsa: LIBSSH2_KNOWNHOST_KEY_SSHRSA
        }
    }

    /// libssh2's own default preference, used after the types known_hosts already holds.
    static let defaultOrder: [HostKeyAlgorithm] = [.ecdsa256, .ecdsa384, .ecdsa521, .ed25519, .rsa]
}
