import CLibSSH2

/// A key file's login, looked at once for all its non-blocking steps. An RSA key is
/// first signed with rsa-sha2-512 by Chorus (see `RSASHA2Login`), then, when refused or
/// when Chorus cannot read the key, by libssh2's own `ssh-rsa` (SHA-1) login, which
/// servers allowing `+ssh-rsa` accept. Other keys go to libssh2 directly.
final class KeyFileLogin {
    let path: String
    let isRSA: Bool
    /// Nil when Chorus cannot read the key (see `RSAPrivateKey.Loading`).
    let sha2: RSASHA2Login?
    /// A PEM key libcrypto could not read: wrong passphrase or bad file. libssh2 would
    /// not say so (the server refuses its ssh-rsa request before it needs the key).
    let unreadablePEM: Bool
    var sha2Refused = false

    init(path: String, passphrase: String?) {
        (self.path, isRSA) = (path, KeyFile.isRSA(path))
        switch isRSA ? RSAPrivateKey.load(path: path, passphrase: passphrase) : .notHandled {
        case .loaded(let key):
            sha2 = key.publicBlob(typeName: "ssh-rsa").flatMap { RSASHA2Login(signer: RSAKeyFileSigner(key: key), sshRSABlob: $0) }
            unreadablePEM = false
        case .notHandled: (sha2, unreadablePEM) = (nil, false)
        case .unreadablePEM: (sha2, unreadablePEM) = (nil, true)
        }
    }
}

extension SSHSession {
    /// One step of the rsa-sha2 login with an RSA key file; nil when libssh2's own login
    /// should follow (not RSA, not readable here, or refused).
    func rsaSHA2Attempt(_ path: String, _ passphrase: String?, _ raw: OpaquePointer, _ progress: inout AuthProgress)
        -> AuthAttempt?
    {
        if progress.keyFile?.path != path { progress.keyFile = KeyFileLogin(path: path, passphrase: passphrase) }
        guard let login = progress.keyFile else { return nil }
        if login.unreadablePEM { return .refused("cannot use key \(path): wrong passphrase or unrecognised key format") }
        guard let sha2 = login.sha2, !login.sha2Refused else { return nil }
        switch Self.classify(sha2.step(session: raw, user: target.username), raw, label: "key \(path)", refusedReason: "") {
        case .refused:
            login.sha2Refused = true
            return nil
        case let other: return other
        }
    }

    /// Why the server refused an RSA key file. Without `sha2Tried`, libssh2 signed it
    /// with `ssh-rsa` (SHA-1) only, which OpenSSH ≥ 8.8 refuses by default: libssh2 1.10
    /// cannot sign RSA with SHA-2, and Chorus does so itself only for the keys it can
    /// read (unencrypted OpenSSH format, PEM with or without passphrase).
    static func rsaRefusal(_ path: String, sha2Tried: Bool) -> String {
        if sha2Tried { return "key \(path): not accepted (signed with rsa-sha2-512, then with ssh-rsa)" }
        return "key \(path): RSA/SHA-1 refused by server — libssh2 1.10 signs RSA keys only with ssh-rsa (SHA-1), "
            + "and Chorus signs with rsa-sha2 itself only for unencrypted OpenSSH-format keys and PEM keys; "
            + "use an ed25519 or ecdsa key, a PEM copy of this key (ssh-keygen -p -m PEM -f KEY), "
            + "or allow 'PubkeyAcceptedAlgorithms +ssh-rsa' on the server"
    }
}
