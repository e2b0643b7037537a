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
/// the bastions of every connection made from this machine). A gateway behind another
/// gateway (its own `gateway`) is reached through that one by an SSH tunnel (see
/// `tunnel`): workers run only on the last gateway of a chain.
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
        let outer = try tunnel(to: gateway, named: name, own, environment: environment, chain: [name])
        let reach = outer.isEmpty ? own : own.withoutCommandLineJumps
        let (filled, configured) = try adopted(gateway, named: name, reach)
        let jumps = outer + (try self.jumps(for: filled, reach, environment: environment, extras: configured))
        guard jumps.count <= FrameLimits.maxJumps else {
            throw Failure(message: "gateway '\(name)': \(jumps.count) hops to reach it, at most \(FrameLimits.maxJumps) allowed")
        }
        var spec = filled.dispatchHost(reach, environment: environment, extras: configured, jumps: jumps).spec
        spec.name = name
        return GatewayRoute(name: name, spec: spec)
    }

    /// The hops from here to a gateway that is itself behind a gateway (its own
    /// `gateway`): through that one as through a bastion, after its own way in (its
    /// bastions, or the gateway it is behind in turn). Nothing runs on the outer
    /// gateways: the relay logs in to the last one through an SSH tunnel, and its worker
    /// reaches the hosts. `-J` applies to the first hop only, the one made from here.
    private func tunnel(to gateway: ResolvedHost, named name: String, _ own: RunSettings,
                        environment: [String: String], chain: [String]) throws(Failure) -> [JumpSpec] {
        guard let names = gateway.gateways, !names.isEmpty else { return [] }
        guard names.count == 1, let outerName = names.first else {
            throw Failure(message: "gateway '\(name)' is behind \(names.count) gateways (\(names.joined(separator: ","))); "
                + "a gateway is reached through one")
        }
        guard !chain.contains(outerName), chain.count <= FrameLimits.maxJumps else {
            throw Failure(message: "gateways \((chain + [outerName]).joined(separator: " behind ")) go round in a loop")
        }
        let outer = try resolve(outerName, behind: gateway, own, noun: "gateway")
        let before = try tunnel(to: outer, named: outerName, own, environment: environment, chain: chain + [outerName])
        let reach = before.isEmpty ? own : own.withoutCommandLineJumps
        let (filled, configured) = try adopted(outer, named: outerName, reach)
        let jumps = before + (try self.jumps(for: filled, reach, environment: environment, extras: configured))
        return jumps + [filled.jumpSpec(named: outerName, reach, environment: environment, extras: configured)]
    }

    /// The gateway with the OpenSSH client configuration applied.
    private func adopted(_ gateway: ResolvedHost, named name: String,
                         _ settings: RunSettings) throws(Failure) -> (ResolvedHost, SSHConfigExtras?) {
        guard let sshConfig else { return (gateway, nil) }
        do { return try sshConfig.adopt(gateway, settings) } catch {
            throw Failure(message: "gateway '\(name)': \(error.description)")
        }
    }
}
