import Inventory
import JobDispatch
import Rendering
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

    /// Asks for typed passwords first, so nothing starts before the operator answered.
    /// `bastions` resolves each host's `-J`/`proxy_jump`; a host whose bastions cannot
    /// be resolved fails alone.
    package init(_ hosts: [ResolvedHost], settings: RunSettings, environment: [String: String],
                 passwords: TypedPasswords, bastions: BastionResolver = .addressesOnly) throws {
        let typed = try passwords.supply(hosts, settings, environment)
        for var host in hosts {
            names.append(host.name)
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
            do {
                jumps = try bastions.jumps(for: host, settings, environment: environment)
            } catch {
                failed.append((host.name, error.message))
                continue
            }
            let ready = host.dispatchHost(settings, environment: environment, jumps: jumps)
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
}
