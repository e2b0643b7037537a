import CLibSSH2
import Secrets

/// A key's login, looked at once for all its non-blocking steps, the same for a key
/// file (read into memory first) and a key sent in the frames. An RSA key is first
/// signed with rsa-sha2-512 by Chorus (see `RSASHA2Login`), then, when refused or when
/// Chorus cannot read the key, by libssh2's own `ssh-rsa` (SHA-1) login, which servers
/// allowing `+ssh-rsa` accept. An unencrypted OpenSSH-format Ed25519 key is signed by
/// Chorus too (see `Ed25519PrivateKey`: libssh2 would decode it the slow way for every
/// login). Other keys go to libssh2 directly.
final class KeyFileLogin {
    /// The method this login is for: a new method (even the same file again) starts anew.
    let method: SSHTarget.AuthMethod
    /// The key, or why the file could not be read (the method's failure line).
    let key: Result<KeyMaterial, KeyFileUnreadable>
    let passphrase: Secret?
    let isRSA: Bool
    /// Nil when Chorus cannot read the key (see `RSAPrivateKey.Loading`).
    let sha2: RSASHA2Login?
    /// A PEM key libcrypto could not read: wrong passphrase or bad file. libssh2 would
    /// not say so (the server refuses its ssh-rsa request before it needs the key).
    let unreadablePEM: Bool
    var sha2Refused = false
    /// Nil unless the key is an Ed25519 key Chorus reads (see `Ed25519PrivateKey`).
    let ed25519: SignedLogin?

    /// Nil for methods that are not keys.
    init?(_ method: SSHTarget.AuthMethod) {
        switch method {
        case .keyFile(let path, let passphrase): (key, self.passphrase) = (KeyMaterial.load(path: path), passphrase)
        case .keyData(let name, let bytes, let passphrase):
            (key, self.passphrase) = (.success(KeyMaterial(name: name, privateKey: bytes)), passphrase)
        case .password, .agent: return nil
        }
        self.method = method
        let loaded = try? key.get(), secret = passphrase?.reveal()
        isRSA = loaded.map(KeyFile.isRSA) ?? false
        switch isRSA ? loaded.map({ RSAPrivateKey.load($0.privateKey, passphrase: secret) }) : nil {
        case .loaded(let rsa)?:
            sha2 = rsa.publicBlob(typeName: "ssh-rsa").flatMap { RSASHA2Login(signer: RSAKeyFileSigner(key: rsa), sshRSABlob: $0) }
            unreadablePEM = false
        case .notHandled?, nil: (sha2, unreadablePEM) = (nil, false)
        case .unreadablePEM?: (sha2, unreadablePEM) = (nil, true)
        }
        ed25519 = isRSA ? nil : loaded.flatMap { Ed25519PrivateKey.load($0.privateKey) }.map { key in
            SignedLogin(blob: key.publicBlob) { key.sign($0) }
        }
    }

    /// What messages call the key: `key PATH`.
    var label: String { method.label }
}

extension SSHSession {
    /// One step of a login with a key (file or contents): the key's own failure first
    /// (unreadable file, PEM that does not decrypt), then rsa-sha2 for an RSA key, then
    /// libssh2's login from memory.
    func keyAttempt(_ method: SSHTarget.AuthMethod, _ raw: OpaquePointer, _ progress: inout AuthProgress) -> AuthAttempt {
        if progress.keyFile?.method != method { progress.keyFile = KeyFileLogin(method) }
        guard let login = progress.keyFile else { return .refused("\(method.label): not a key") }
        let key: KeyMaterial
        switch login.key {
        case .success(let loaded): key = loaded
        case .failure(let unreadable): return .refused(unreadable.reason)
        }
        if let sha2 = rsaSHA2Attempt(login, raw) { return sha2 }
        if let signed = ed25519Attempt(login, raw) { return signed }
        return publicKeyAttempt(key, login, raw)
    }

    /// One step of the login with an Ed25519 key Chorus signs; nil when libssh2's own
    /// login should take over (not such a key, or signing failed here). A refusal is the
    /// server's and final: the same key through libssh2 would only be refused again.
    private func ed25519Attempt(_ login: KeyFileLogin, _ raw: OpaquePointer) -> AuthAttempt? {
        guard let signed = login.ed25519, !signed.signingFailed else { return nil }
        let rc = signed.step(session: raw, user: target.username)
        if signed.signingFailed { return nil }
        return Self.classify(rc, raw, label: login.label, refusedReason: "\(login.label): not accepted")
    }

    /// One step of the rsa-sha2 login with an RSA key; nil when libssh2's own login
    /// should follow (not RSA, not readable here, or refused).
    private func rsaSHA2Attempt(_ login: KeyFileLogin, _ raw: OpaquePointer) -> AuthAttempt? {
        if login.unreadablePEM { return .refused("cannot use \(login.label): wrong passphrase or unrecognised key format") }
        guard let sha2 = login.sha2, !login.sha2Refused else { return nil }
        switch Self.classify(sha2.step(session: raw, user: target.username), raw, label: login.label, refusedReason: "") {
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
