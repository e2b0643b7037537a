#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Posix
import Secrets

/// Where authentication stands: which configured methods remain, what the server
/// allows, and why each tried method failed (for the one-line error).
struct AuthProgress {
    var methods: [SSHTarget.AuthMethod]
    var allowed: Set<String>?
    var failures: [String] = []
    var agent: AgentAuth?
    /// The key being tried, looked at once for all the non-blocking steps.
    var keyFile: KeyFileLogin?
    /// The key files tried before the server's list was asked for, in order
    /// (`triesBeforeListing`).
    var triedUnlisted: [String] = []

    init(methods: [SSHTarget.AuthMethod]) { self.methods = methods }

    /// Whether the remaining methods are tried without first asking the server which
    /// ones it offers (libssh2's `none` request, one round trip per login): when every
    /// one of them is a key file, as with an inventory's `identity_file`. sshd counts
    /// the same failures against `MaxAuthTries` either way (an initial `none` is free,
    /// any later one is not, so the list is only asked for at the end, for the
    /// message). With an agent or a password among them, the list comes first, as
    /// before: it decides which of those are tried.
    func triesBeforeListing() -> Bool {
        allowed == nil && methods.allSatisfy(\.isKey)
    }

    /// The list arrived after unlisted tries: if the server does not offer `publickey`,
    /// their failures say so, in the words used when a method is skipped.
    mutating func noteListAfterUnlistedTries() {
        guard let offered = allowed, !offered.contains("publickey"), failures.count == triedUnlisted.count else { return }
        failures = triedUnlisted.map { "\($0): not offered by the server" }
    }
}

extension SSHSession {
    func authenticate(_ progress: inout AuthProgress) {
        defer { if case .authenticating = state { state = .authenticating(progress) } }
        guard let raw else { return }
        if !progress.triesBeforeListing(), progress.allowed == nil, !listAllowedMethods(raw, &progress) { return }
        while let method = progress.methods.first {
            // A method's first turn (each one tried ends with one failure, or with the login).
            if progress.allowed == nil, progress.triedUnlisted.count == progress.failures.count {
                progress.triedUnlisted.append(method.label)
            }
            guard let wireName = method.wireName(offered: progress.allowed ?? [method.methodName]) else {
                progress.failures.append("\(method.label): not offered by the server")
                progress.methods.removeFirst()
                continue
            }
            switch attempt(method, wireName, raw, &progress) {
            case .again: return
            case .succeeded:
                authenticatedWith = wireName
                state = .ready
                deadline = nil
                nextKeepalive = MonotonicClock.now + target.keepaliveInterval
                return
            case .refused(let reason):
                progress.failures.append(reason)
                progress.methods.removeFirst()
            case .abandoned(let reason):
                progress.failures.append(reason)
                return failAuthentication(authFailure(progress), &progress)
            case .fatal(let error):
                return failAuthentication(error, &progress)
            }
        }
        // The failure names what the server offers; a server gone by then leaves the
        // refusals, not a lost connection, as the reason.
        if progress.allowed == nil, !listAllowedMethods(raw, &progress, orElse: authFailure(progress)) { return }
        failAuthentication(authFailure(progress), &progress)
    }

    /// Asks the server's list once; false while pending (or once the session failed,
    /// with `orElse` when given).
    private func listAllowedMethods(_ raw: OpaquePointer, _ progress: inout AuthProgress, orElse: SSHError? = nil) -> Bool {
        guard let allowed = askAllowedMethods(raw, orElse: orElse) else { return false }
        progress.allowed = allowed
        progress.noteListAfterUnlistedTries()
        return true
    }

    /// Ends authentication: the agent handle goes first, while the libssh2 session it
    /// points into still exists (`libssh2_agent_free` frees through the session's
    /// allocator: after `libssh2_session_free` that read freed memory and crashed).
    private func failAuthentication(_ error: SSHError, _ progress: inout AuthProgress) {
        progress.agent?.close()
        fail(error)
    }

    /// The corresponding C function is `libssh2_userauth_list`. Nil while pending.
    private func askAllowedMethods(_ raw: OpaquePointer, orElse: SSHError?) -> Set<String>? {
        let user = target.username
        guard let list = libssh2_userauth_list(raw, user, UInt32(user.utf8.count)) else {
            if libssh2_userauth_authenticated(raw) != 0 { return ["none"] }
            if libssh2_session_last_errno(raw) == LIBSSH2_ERROR_EAGAIN { return nil }
            fail(orElse ?? SSHError(.disconnected, "server closed the connection before authentication: \(lastErrorMessage(raw))"))
            return nil
        }
        return Set(String(cString: list).split(separator: ",").map(String.init))
    }

    private func authFailure(_ progress: AuthProgress) -> SSHError {
        let offered = (progress.allowed ?? []).sorted().joined(separator: ",")
        let tried = progress.failures.isEmpty ? "no method configured" : progress.failures.joined(separator: "; ")
        return SSHError(.authFailed, "authentication failed for user '\(target.username)' (\(tried); server offers \(offered))")
    }
}

enum AuthAttempt {
    case again
    case succeeded
    case refused(String)
    /// Refused in a way that leaves libssh2 mid-method (a keyboard-interactive round
    /// Chorus could not answer): no other method may follow, the host fails.
    case abandoned(String)
    case fatal(SSHError)
}

extension SSHSession {
    fileprivate func attempt(
        _ method: SSHTarget.AuthMethod, _ wireName: String, _ raw: OpaquePointer, _ progress: inout AuthProgress
    ) -> AuthAttempt {
        switch method {
        case .password(let secret) where wireName == SSHTarget.AuthMethod.keyboardInteractive:
            return keyboardInteractiveAttempt(secret, raw)
        case .password(let secret): return passwordAttempt(secret, raw)
        case .keyFile, .keyData: return keyAttempt(method, raw, &progress)
        case .agent(let socket):
            if progress.agent == nil { progress.agent = AgentAuth(socketPath: socket) }
            return progress.agent?.step(session: raw, user: target.username) ?? .refused("agent: unavailable")
        }
    }

    /// The corresponding C function is `libssh2_userauth_password_ex`.
    private func passwordAttempt(_ secret: Secret, _ raw: OpaquePointer) -> AuthAttempt {
        let user = target.username, password = secret.reveal()
        let rc = libssh2_userauth_password_ex(raw, user, UInt32(user.utf8.count), password, UInt32(password.utf8.count), nil)
        return Self.classify(rc, raw, label: "password", refusedReason: "password: refused")
    }

    /// The corresponding C function is `libssh2_userauth_publickey_frommemory`, for a
    /// key file and a key's contents alike. `login` says whether the key is RSA and
    /// whether rsa-sha2 was refused already.
    func publicKeyAttempt(_ key: KeyMaterial, _ login: KeyFileLogin, _ raw: OpaquePointer) -> AuthAttempt {
        let user = target.username, publicLine = key.publicLine ?? []
        let rc = key.privateKey.withUnsafeBytes { privateKey in
            publicLine.withUnsafeBufferPointer { publicKey in
                // Both are bytes of text; the private key is followed by a NUL (libssh2
                // 1.10 measures it with strlen when it signs, see `SecretBytes`).
                libssh2_userauth_publickey_frommemory(
                    raw, user, user.utf8.count, publicKey.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                    publicKey.count, privateKey.baseAddress?.assumingMemoryBound(to: CChar.self), privateKey.count,
                    login.passphrase?.reveal())
            }
        }
        if Self.keyUnusable(rc, derivingPublicKey: key.publicLine == nil) {
            // libssh2 says "unverified" too when the server left in the middle.
            if let ended = Self.sessionEnded(raw, label: login.label) { return .fatal(ended) }
            return .refused("cannot use \(login.label): wrong passphrase or unrecognised key format")
        }
        let refused = login.isRSA ? Self.rsaRefusal(key.name, sha2Tried: login.sha2Refused) : "\(login.label): not accepted"
        return Self.classify(rc, raw, label: login.label, refusedReason: refused)
    }

    /// Whether libssh2 could not use the key itself. FILE: the key could not be read or
    /// decrypted up front. PUBLICKEY_UNVERIFIED: the server accepted the public key but
    /// signing failed, i.e. the private key could not be decrypted (with the public key
    /// known, a bad passphrase shows here). PROTO, only while libssh2 derives the public
    /// key from the private one: its OpenSSH-format parser's word for a file that is
    /// neither PEM nor OpenSSH (from a file, libssh2 turns that into FILE itself).
    private static func keyUnusable(_ rc: Int32, derivingPublicKey: Bool) -> Bool {
        rc == LIBSSH2_ERROR_FILE || rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED
            || (derivingPublicKey && rc == LIBSSH2_ERROR_PROTO)
    }

    static func classify(_ rc: Int32, _ raw: OpaquePointer, label: String, refusedReason: String) -> AuthAttempt {
        switch CallOutcome(Int(rc), session: raw) {
        case .done: return .succeeded
        case .again: return .again
        case .failed(let code, let message):
            if let ended = sessionEnded(raw, label: label) { return .fatal(ended) }
            if code == LIBSSH2_ERROR_AUTHENTICATION_FAILED { return .refused(refusedReason) }
            if code == LIBSSH2_ERROR_SOCKET_DISCONNECT || code == LIBSSH2_ERROR_SOCKET_RECV {
                return .fatal(SSHError(.disconnected, "the connection broke during \(label) authentication: \(message)"))
            }
            return .refused("\(label): \(message)")
        }
    }

    /// Why no more methods can be tried, if the session is over: a server that refuses
    /// more tries says so before leaving (a refusal, in its words); one that just went
    /// away (killed, restarted) is a lost connection.
    static func sessionEnded(_ raw: OpaquePointer, label: String) -> SSHError? {
        guard let io = SocketIO.of(raw) else { return nil }
        if let goodbye = io.serverGoodbye {
            return SSHError(.authFailed, "the server ended the session during \(label) authentication: \(goodbye)")
        }
        guard io.streamEnded else { return nil }
        return SSHError(.disconnected, "the server closed the connection during \(label) authentication")
    }
}

extension SSHTarget.AuthMethod {
    static let keyboardInteractive = "keyboard-interactive"

    /// The SSH method (RFC 4252 name) to use among those the server offers; nil when
    /// none fits. A password goes by `password` when offered, else by keyboard-interactive.
    func wireName(offered: Set<String>) -> String? {
        if offered.contains(methodName) { return methodName }
        if case .password = self, offered.contains(Self.keyboardInteractive) { return Self.keyboardInteractive }
        return nil
    }

    var label: String {
        switch self {
        case .password: "password"
        case .keyFile(let path, _): "key \(path)"
        case .keyData(let name, _, _): "key \(name)"
        case .agent: "agent"
        }
    }

    /// A key file or a key's contents: what `KeyFileLogin` logs in with.
    var isKey: Bool {
        switch self {
        case .keyFile, .keyData: true
        case .password, .agent: false
        }
    }
}

/// Tells RSA keys from others without decrypting anything: by the public key (a `.pub`
/// or an OpenSSH-format key's clear public part), else by a PKCS#1 PEM header.
enum KeyFile {
    static func isRSA(_ key: KeyMaterial) -> Bool {
        if let type = key.publicKeyType { return type == "ssh-rsa" }
        return key.isPEMRSA
    }
}
