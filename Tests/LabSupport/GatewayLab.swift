import Foundation

/// A lab of gateways (`chorus-lab start --gateways G --behind N`, root only): N targets in
/// a segment namespace the root namespace cannot reach, G gateway namespaces with their
/// own sshd on client links from root and legs on the segment's bridge (see
/// share/lab/lib/gateways.sh). Each instance is a lab of its own, in its own state
/// directory, stopped by `stop()` or deinit, and by the lab's watchdog if this process
/// dies first. A lab that cannot start is an error that fails the test, never a skip.
public final class GatewayLab {
    public let manifest: LabManifest
    public let network: GatewayNetwork
    private var stopped = false

    private init(manifest: LabManifest, network: GatewayNetwork) {
        self.manifest = manifest
        self.network = network
    }

    deinit { try? stop() }

    /// - Parameters:
    ///   - clientRate: tc rate (`1gbit`) for the client's links: RATE/G per gateway link.
    ///   - direct: also give the root namespace its own leg on the segment (at RATE).
    public static func start(gateways: Int, targets: Int, clientRate: String? = nil,
                             direct: Bool = false) throws(LabError) -> GatewayLab {
        let arguments = ["start", "--gateways", "\(gateways)", "--behind", "\(targets)",
                         "--owner-pid", "\(getpid())", "--max-lifetime", "7200"]
            + (clientRate.map { ["--client-rate", $0] } ?? []) + (direct ? ["--direct"] : [])
        let run = try LabScript.run(arguments)
        guard run.status == 0 else { throw LabError.cannotStart(run.stderr) }
        guard let dir = LabScript.exportedValue("CHORUS_LAB_DIR", in: run.stdout) else {
            throw LabError.cannotStart("chorus-lab printed no CHORUS_LAB_DIR:\n\(run.stdout)\(run.stderr)")
        }
        let path = dir + "/lab.json"
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let manifest = try JSONDecoder().decode(LabManifest.self, from: data)
            return GatewayLab(manifest: manifest, network: try JSONDecoder().decode(Wrapper.self, from: data).gatewayLab)
        } catch {
            _ = try? LabScript.run(["stop", "--dir", dir])
            throw LabError.badManifest(path: path, reason: "\(error)")
        }
    }

    /// Stops every sshd of the lab by PID and removes its namespaces, devices, qdiscs and
    /// route. Safe to call more than once.
    public func stop() throws(LabError) {
        guard !stopped else { return }
        stopped = true
        guard FileManager.default.fileExists(atPath: manifest.dir) else { return }
        let run = try LabScript.run(["stop", "--dir", manifest.dir])
        guard run.status == 0 else { throw LabError.cannotStop(run.stderr) }
    }

    /// Runs `command` inside one of the lab's namespaces (`ip netns exec`).
    public func run(in namespace: String, _ command: [String]) throws -> LabScript.Output {
        try LabScript.runProgram("/usr/sbin/ip", ["netns", "exec", namespace] + command)
    }

    private struct Wrapper: Decodable {
        let gatewayLab: GatewayNetwork

        enum CodingKeys: String, CodingKey { case gatewayLab = "gateway_lab" }
    }
}
