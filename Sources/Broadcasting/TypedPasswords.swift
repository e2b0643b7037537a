import Inventory
import Secrets

/// Passwords the operator types: for hosts with `password_prompt = yes`, and with
/// `-A/--ask-password` for every host with no password of its own. A password from
/// the inventory or `password_env` always comes first; only hosts without one ask.
///
/// Asked before the broadcast starts, once per login user among the hosts that need
/// it (`Password for chorus-lab (12 hosts): `), and kept for as long as this object
/// lives: one run in the one-shot modes, the whole session in the shell. Only typed
/// answers are kept; a missing one (no terminal, nothing typed) is asked again next time,
/// and so is one a host refused (`forget`): a typo must not fail the rest of a session.
package final class TypedPasswords {
    package typealias Ask = (_ prompt: String) -> TerminalPassword.Answer

    private let ask: Ask
    private var byUser: [String: Secret] = [:]
    /// The answer for sudo's prompt, once asked: nil inside when none was given (a
    /// NOPASSWD estate), so it is not asked again.
    private var sudoAnswer: Secret??
    /// Passphrases by key file (nil inside: none was given).
    private var byKey: [String: Secret?] = [:]

    package init(ask: @escaping Ask = TerminalPassword.ask) { self.ask = ask }

    /// ^C at the prompt: nothing runs.
    package struct Interrupted: Error, CustomStringConvertible {
        package var description: String { "interrupted at the password prompt; nothing was run" }
    }

    /// The password for `sudo` on the hosts: `CHORUS_SUDO_PASSWORD`, else asked on the
    /// terminal once (Enter gives none, for hosts with NOPASSWD), else none. Throws
    /// `Interrupted` on ^C.
    package func sudoPassword(_ environment: [String: String]) throws -> Secret? {
        if let given = environment["CHORUS_SUDO_PASSWORD"] { return Secret(given) }
        if let answer = sudoAnswer { return answer }
        switch ask("sudo password on the hosts (Enter for none): ") {
        case .typed(let secret): sudoAnswer = .some(secret)
        case .none, .noTerminal: sudoAnswer = .some(nil)
        case .interrupted: throw Interrupted()
        }
        return sudoAnswer ?? nil
    }

    /// The passphrase of an encrypted key file, asked once per file (`Passphrase for
    /// key PATH: `); nil when none was given or there is no terminal. Throws
    /// `Interrupted` on ^C.
    package func passphrase(forKey path: String) throws -> Secret? {
        if let answer = byKey[path] { return answer }
        switch ask("Passphrase for key \(path): ") {
        case .typed(let secret): byKey[path] = .some(secret)
        case .none, .noTerminal: byKey[path] = .some(nil)
        case .interrupted: throw Interrupted()
        }
        return byKey[path] ?? nil
    }

    /// Drops the sudo answer (a host refused it): the next run asks again.
    package func forgetSudoPassword() { sudoAnswer = nil }

    /// Drops the answers of these users: the next run asks them again.
    package func forget(users: some Sequence<String>) {
        for user in users { byUser[user] = nil }
    }

    /// Why a host asks, as its error names it.
    static func source(_ host: ResolvedHost) -> String { host.passwordPrompt ? "password_prompt" : "--ask-password" }

    /// Whether the host gets its password typed.
    static func needsTyping(_ host: ResolvedHost, _ settings: RunSettings, _ environment: [String: String]) -> Bool {
        (host.passwordPrompt || settings.askPassword) && host.resolvedPassword(environment: environment) == nil
    }

    /// Each host's typed password, or the one-line reason it has none, for the hosts
    /// that need one (others are absent). Throws `Interrupted` on ^C.
    package func supply(_ hosts: [ResolvedHost], _ settings: RunSettings,
                        _ environment: [String: String]) throws -> [String: Result<Secret, HostFailure>] {
        let needing = hosts.filter { Self.needsTyping($0, settings, environment) }
        var missing: [String: String] = [:]
        for (user, count) in Self.hostsPerUser(needing, settings) where byUser[user] == nil {
            missing[user] = try askFor(user, hosts: count)
        }
        var result: [String: Result<Secret, HostFailure>] = [:]
        for host in needing {
            let user = settings.user ?? host.username
            result[host.name] = byUser[user].map { .success($0) }
                ?? .failure(HostFailure("\(Self.source(host)): \(missing[user] ?? "no password given")"))
        }
        return result
    }

    /// Asks once; keeps a typed answer, else returns why there is none.
    private func askFor(_ user: String, hosts count: Int) throws -> String? {
        switch ask("Password for \(user) (\(count) host\(count == 1 ? "" : "s")): ") {
        case .typed(let secret):
            byUser[user] = secret
            return nil
        case .none: return "no password given"
        case .noTerminal: return "no terminal to ask on; set password_env"
        case .interrupted: throw Interrupted()
        }
    }

    /// Login users in the order their first host comes, with how many hosts each has.
    private static func hostsPerUser(_ hosts: [ResolvedHost], _ settings: RunSettings) -> [(user: String, count: Int)] {
        var order: [(user: String, count: Int)] = []
        var index: [String: Int] = [:]
        for host in hosts {
            let user = settings.user ?? host.username
            if let at = index[user] {
                order[at].count += 1
            } else {
                index[user] = order.count
                order.append((user, 1))
            }
        }
        return order
    }
}

/// A host that fails before any connection is made, with its one-line reason.
package struct HostFailure: Error, Equatable {
    package let message: String

    package init(_ message: String) { self.message = message }
}
