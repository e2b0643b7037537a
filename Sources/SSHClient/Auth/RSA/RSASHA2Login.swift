import CLibCrypto

/// Makes an RSA signature over the bytes libssh2 hands to the sign callback: the raw
/// RSASSA-PKCS1-v1_5 value, without the algorithm name (libssh2 adds that).
protocol RSASHA2Signer: AnyObject {
    func signature(of data: UnsafeRawBufferPointer, algorithm: RSASHA2Algorithm) -> [UInt8]?
}

/// The RFC 8332 algorithm Chorus signs with: rsa-sha2-512, OpenSSH's first choice.
struct RSASHA2Algorithm: Sendable {
    let name: String
    /// Flag for ssh-agent's SSH2_AGENTC_SIGN_REQUEST (SSH_AGENT_RSA_SHA2_512).
    let agentFlag: UInt32
    /// `EVP_MD *` for libcrypto.
    var digest: OpaquePointer? { EVP_sha512() }

    static let sha512 = RSASHA2Algorithm(name: "rsa-sha2-512", agentFlag: 4)
}

/// A publickey login with an RSA key signed with SHA-2, which libssh2 1.10 cannot do
/// itself (it signs RSA keys only with `ssh-rsa`, SHA-1, refused by OpenSSH ≥ 8.8).
///
/// How, and why it works, from the sources (libssh2-1.10.0 src/userauth.c, OpenSSH
/// V_9_2_P1), checked against the lab's sshd 9.2 with its default settings:
/// - libssh2 takes the request's public key algorithm name from the first string of
///   the key blob passed in (userauth.c:1126-1145) and sends the blob as given
///   (1196-1199); it signs `string session_id || that request` through our callback
///   (1292-1307) and wraps the callback's bytes as `string name, string sig` with the
///   same name (1352-1365). The algorithm name cannot differ from the blob's type.
/// - So an `ssh-rsa` blob with a SHA-2 signature cannot work: sshd refuses the name
///   `ssh-rsa` before looking at any signature (auth2-pubkey.c:166-170,
///   `PubkeyAcceptedAlgorithms`), and the signature's name must match the hash
///   (ssh-rsa.c:497-517). Measured: sshd logs "signature algorithm ssh-rsa not in
///   PubkeyAcceptedAlgorithms".
/// - The blob is therefore sent with type `rsa-sha2-512` instead of `ssh-rsa`. RFC 8332
///   says the blob keeps `ssh-rsa`, but OpenSSH decodes a key blob of type
///   `rsa-sha2-512` as an RSA key (sshkey.c:247-260 finds KEY_RSA for that name, listed
///   at sshkey.c:160 and ssh-rsa.c:734-745; sshkey.c:1907-1932 then reads e and n as
///   for `ssh-rsa`), the key type matches the name (auth2-pubkey.c:137-155), keys are
///   compared with authorized_keys by value, and the signature is checked over the
///   blob bytes as received (auth2-pubkey.c:208-232). A server that holds to the RFC
///   refuses the blob; the caller then falls back to libssh2's own `ssh-rsa` login.
final class RSASHA2Login {
    let algorithm = RSASHA2Algorithm.sha512
    private let login: SignedLogin

    /// `sshRSABlob`: the key blob as the key says it (`ssh-rsa`, e, n).
    init?(signer: any RSASHA2Signer, sshRSABlob: [UInt8]) {
        var reader = SSHWireReader(sshRSABlob)
        guard reader.text() == "ssh-rsa", let e = reader.string(), let n = reader.string() else { return nil }
        let algorithm = RSASHA2Algorithm.sha512
        var writer = SSHWireWriter()
        writer.string(algorithm.name)
        writer.string(e)
        writer.string(n)
        login = SignedLogin(blob: writer.bytes) { signer.signature(of: $0, algorithm: algorithm) }
    }

    /// One step (non-blocking: call again on EAGAIN with the same arguments).
    func step(session: OpaquePointer, user: String) -> Int32 { login.step(session: session, user: user) }
}

/// Signs with a key file's private key (see `RSAPrivateKey`).
final class RSAKeyFileSigner: RSASHA2Signer {
    let key: RSAPrivateKey

    init(key: RSAPrivateKey) { self.key = key }

    func signature(of data: UnsafeRawBufferPointer, algorithm: RSASHA2Algorithm) -> [UInt8]? {
        algorithm.digest.flatMap { key.sign(data, digest: $0) }
    }
}
