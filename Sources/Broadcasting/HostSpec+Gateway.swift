import Secrets
import WorkerProtocol

extension HostSpec {
    /// This host's settings for a worker running on the gateway `gateway` rather than on
    /// the shell's machine, which has none of the shell's files.
    ///
    /// - Each key file becomes its contents (`keyData`, named by the shell's path, so the
    ///   worker's messages are the same): the key travels in the frame stream, an SSH
    ///   channel to the gateway, and is never written to the gateway's disk.
    /// - Agent methods are dropped: the agent's socket is on the shell's machine, and
    ///   libssh2 1.10 offers no agent forwarding to reach it from the gateway.
    /// - known_hosts stays the shell's path: the gateway's relay copies that file to the
    ///   gateway and rewrites the path itself (`GatewayRelay.mirrored`).
    /// The same goes for the host's bastions (reached from the gateway).
    ///
    /// Throws `GatewayCredentialError` when a key file cannot be read, or when a host or
    /// bastion is left with no way to log in (it had only an agent).
    package func forWorker(onGateway gateway: String) throws(GatewayCredentialError) -> HostSpec {
        var carried = self
        carried.auth = try Self.carried(auth, of: "host \(name) behind gateway \(gateway)", noun: "host")
        carried.jumps = try jumps.map { jump throws(GatewayCredentialError) in
            var bastion = jump
            bastion.auth = try Self.carried(
                jump.auth, of: "bastion \(jump.name) of host \(name) behind gateway \(gateway)", noun: "bastion")
            return bastion
        }
        return carried
    }

    /// `who` names the host or bastion in errors, `noun` says which it is.
    private static func carried(_ auth: [AuthSpec], of who: String, noun: String) throws(GatewayCredentialError)
        -> [AuthSpec]
    {
        var kept: [AuthSpec] = []
        for method in auth {
            switch method {
            case .keyFile(let path, let passphrase):
                kept.append(.keyData(name: path, key: try keyContents(path, of: who), passphrase: passphrase))
            case .agent: continue
            case .password, .keyData: kept.append(method)
            }
        }
        guard kept.isEmpty, !auth.isEmpty else { return kept }
        throw GatewayCredentialError(
            message: "\(who): an SSH agent cannot be used through a gateway; give the \(noun) a key file or password")
    }

    private static func keyContents(_ path: String, of who: String) throws(GatewayCredentialError) -> SecretBytes {
        do {
            return try SecretBytes(contentsOfFile: path)
        } catch {
            throw GatewayCredentialError(message: "\(who): cannot read key \(path) to send it to the gateway: \(error.reason)")
        }
    }
}

/// Why a host cannot be handed to a worker on a gateway, in one line naming the host (or
/// bastion) and the gateway; the host fails alone, the others run.
package struct GatewayCredentialError: Error, Equatable, CustomStringConvertible {
    package let message: String
    package init(message: String) { self.message = message }
    package var description: String { message }
}
