import Inventory
import JobDispatch
import Rendering
import SSHConfig
import WorkerProtocol

/// The selected hosts made ready for the workers: typed passwords filled in
/// (`TypedPasswords`), and the hosts that cannot be tried at all set apart, each with
/// its one-line reason, to fail as results while the others run.
package struct PreparedHosts {
    package var dispatch: [DispatchHost] = []
    package var failed: [(host: String, message: String)] = []
    /// Every host, in selection order (the output's alignment and summary count them all).
    package var names: [String] = []
    /// Commands run through sudo, with this password (see `askSudo`).
    package var sudo: ExecJob.Sudo?
    /// The login user of each host given a typed password, by host name.
    package var typedUsers: [String: String] = [:]

    /// What the OpenSSH client configuration warned about, one line each, for the
    /// hosts used (the caller prints them).
    package var warnings: [String] = []

    /// The gateways the hosts are reached through, each once (the session mux starts
    /// their relays before it lends its pool).
    package var gatewayRoutes: [GatewayRoute] {
        var seen: Set<String> = []
        return dispatch.flatMap(\.gateways).filter { seen.insert($0.name).inserted }
    }

    /// The OpenSSH client configuration is applied first (it may name the user whose
    /// password is typed), then typed passwords are asked for, so nothing starts before
    /// the operator answered. A host the configuration cannot be resolved for (a bad
    /// token in a path that applies to it) fails with that line; the others run.
    package init(_ hosts: [ResolvedHost], settings: RunSettings, environment: [String: String],
                 passwords: TypedPasswords, sshConfig: SSHConfigInForce? = nil, bastions: BastionResolver = .addressesOnly) throws {
        names = hosts.map(\.name)
        var adopted: [ResolvedHost] = []
        var extras: [String: SSHConfigExtras] = [:]
        for host in hosts {
            guard let sshConfig else { adopted.append(host); continue }
            do {
                let (filled, added) = try sshConfig.adopt(host, settings)
                if let line = added.batchMode, TypedPasswords.needsTyping(filled, settings, environment) {
                    failed.append((host.name, "\(TypedPasswords.source(filled)): BatchMode is on (\(line)); not asking for a password"))
                    continue
                }
                adopted.append(filled)
                extras[host.name] = added
                warnings += added.warnings
            } catch {
                failed.append((host.name, error.description))
            }
        }
        try prepare(adopted, settings, environment, passwords, extras, bastions)
    }

    private mutating func prepare(_ hosts: [ResolvedHost], _ settings: RunSettings, _ environment: [String: String],
                                  _ passwords: TypedPasswords, _ extras: [String: SSHConfigExtras], _ bastions: BastionResolver) throws {
        let typed = try passwords.supply(hosts, settings, environment)
        var encryptedKeys: [String: Bool] = [:]  // a file read once, however many hosts name it
        for var host in hosts {
            switch typed[host.name] {
            case .failure(let failure)?:
                failed.append((host.name, failure.message))
                continue
            case .success(let secret)?:
                host.password = secret
                typedUsers[host.name] = settings.user ?? host.username
            case nil: break
            }
            let jumps: [JumpSpec]
            let gateways: [GatewayRoute]
            do {
                gateways = try bastions.gateways(for: host, settings, environment: environment)
                // `-J` names the bastions of connections made from here: behind a gateway, the gateway's.
                let reach = gateways.isEmpty ? settings : settings.withoutCommandLineJumps
                jumps = try bastions.jumps(for: host, reach, environment: environment, extras: extras[host.name])
            } catch {
                failed.append((host.name, error.message))
                continue
            }
            var ready = host.dispatchHost(settings, environment: environment, extras: extras[host.name], jumps: jumps)
            ready.spec.auth = try Self.withPassphrases(ready.spec.auth, configured: host, extras[host.name], passwords,
                                                       encryptedKeys: &encryptedKeys)
            if let gateway = gateways.first {
                // Key contents, not paths; the relay sends a copy of the known_hosts file itself.
                do { ready.spec = try ready.spec.forWorker(onGateway: gateway.name) } catch {
                    failed.append((host.name, error.description))
                    continue
                }
                ready.gateways = gateways
            }
            if let missing = Self.unsetPasswordEnv(host, ready, environment) {
                failed.append((host.name, missing))
            } else {
                dispatch.append(ready)
            }
        }
    }

    /// A host whose only way in is a `password_env` naming an unset variable: said as
    /// such, not as the worker's generic "no method configured".
    private static func unsetPasswordEnv(_ host: ResolvedHost, _ ready: DispatchHost,
                                         _ environment: [String: String]) -> String? {
        guard ready.spec.auth.isEmpty, host.password == nil, let name = host.passwordEnv, environment[name] == nil else {
            return nil
        }
        return "password_env \(name) is not set"
    }

    /// The users whose typed password a host refused (its login failed): ask them again.
    package func refusedTypedUsers(_ results: [HostResult]) -> Set<String> {
        Set(results.compactMap { result in
            guard case .failed(kind: "auth-failed", _) = result.outcome else { return nil }
            return typedUsers[result.host]
        })
    }

    /// With `--sudo`/`:set sudo on`, the sudo password is settled before anything runs.
    package mutating func askSudo(_ settings: RunSettings, _ environment: [String: String], passwords: TypedPasswords) throws {
        guard settings.sudo else { return }
        sudo = ExecJob.Sudo(password: try passwords.sudoPassword(environment))
    }

    /// Whether a host refused the sudo password (so it is asked again next time).
    package static func sudoRefused(_ results: [HostResult]) -> Bool {
        results.contains { result in
            if case .failed(let kind, let message) = result.outcome { return kind == "sudo" && message.contains("authentication failed") }
            return false
        }
    }

    /// Encrypted key files the inventory or ssh_config names, with no passphrase given,
    /// get one typed (once per file). The default keys tried after the agent do not:
    /// asking for a key the agent may already hold would ask for nothing.
    private static func withPassphrases(_ auth: [AuthSpec], configured host: ResolvedHost, _ extras: SSHConfigExtras?,
                                        _ passwords: TypedPasswords, encryptedKeys: inout [String: Bool]) throws -> [AuthSpec] {
        guard extras?.batchMode == nil else { return auth }  // BatchMode: never ask
        let named = Set([host.identityFile].compactMap { $0 } + (extras?.identityFiles ?? []))
        return try auth.map { spec in
            guard case .keyFile(let path, nil) = spec, named.contains(path) else { return spec }
            let encrypted = encryptedKeys[path] ?? (KeyFileEncryption.isEncrypted(path) == true)
            encryptedKeys[path] = encrypted
            guard encrypted else { return spec }
            return .keyFile(path: path, passphrase: try passwords.passphrase(forKey: path))
        }
    }
}
