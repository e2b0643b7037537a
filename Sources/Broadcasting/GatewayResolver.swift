import Inventory
import SSHConfig
import JobDispatch
import WorkerProtocol

/// Turns a host's gateway names (`--gateway`, else its `gateway`) into the gateways the
/// pool starts workers on, each with everything needed to log in to it from here.
///
/// A gateway name is looked up as a bastion's is (`BastionResolver.resolve`: an
/// inventory host, an OpenSSH alias, or `[user@]host[:port]`), and the gateway is
/// reached as a host of its own: its user, key, password, host-key policy, the OpenSSH
/// client configuration, and its own bastions (its `proxy_jump`, or `-J`, which names
/// the bastions of every connection made from this machine). Its own `gateway` is not
/// followed: a worker on a gateway does not start workers further on (no chains).
extension BastionResolver {
    package func gateways(for host: ResolvedHost, _ settings: RunSettings, environment: [String: String])
        throws(Failure) -> [GatewayRoute] {
        let names = settings.gateways ?? host.gateways ?? []
        guard names.count <= Self.maxGateways else {
            throw Failure(message: "gateway: \(names.count) gateways, at most \(Self.maxGateways) allowed")
        }
        var routes: [GatewayRoute] = []
        for name in names {
            let gateway = try resolve(name, behind: host, settings, noun: "gateway")
            routes.append(try route(to: gateway, named: name, settings, environment: environment))
        }
        return routes
    }

    static let maxGateways = 16

    private func route(to gateway: ResolvedHost, named name: String, _ settings: RunSettings,
                       environment: [String: String]) throws(Failure) -> GatewayRoute {
        let own = settings.forBastion
        var filled = gateway
        var configured: SSHConfigExtras?
        if let sshConfig {
            do { (filled, configured) = try sshConfig.adopt(gateway, own) } catch {
                throw Failure(message: "gateway '\(name)': \(error.description)")
            }
        }
        let jumps = try self.jumps(for: filled, own, environment: environment, extras: configured)
        var spec = filled.dispatchHost(own, environment: environment, extras: configured, jumps: jumps).spec
        spec.name = name
        return GatewayRoute(name: name, spec: spec)
    }
}
