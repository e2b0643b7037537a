import Foundation
import Synchronization

/// One SSH host inside a network namespace this test run creates, reached over a veth
/// pair: its link can be cut mid-command, which loopback hosts cannot simulate. It
/// runs the lab's sshd settings, keys and users. Traffic stays on this machine: the
/// root namespace gets an `unreachable` route for 10.213.0.0/16, so with the link down
/// nothing falls through to a default route.
public final class NamespaceHost {
    public let name: String
    public let address: String
    public let port: Int
    private let hostLink: String
    private let directory: String
    /// The root namespace's end of the link (what connections to `address` come from).
    private let hostAddress: String
    private var routeAdded = false

    /// `sshdSettings` go before the lab's own lines (sshd keeps the first value it reads).
    public init(lab: LabManifest, sshdSettings: [String] = []) throws {
        let subnet = try Self.unusedSubnet()
        let tag = "\(getpid() % 100_000)x\(subnet)"
        name = "chorus-\(tag)"
        hostLink = "ch\(tag)h".prefix(15).description
        address = "10.213.\(subnet).2"
        hostAddress = "10.213.\(subnet).1"
        port = 22
        directory = lab.dir + "/netns-\(tag)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try setUp(lab: lab, subnet: subnet, sshdSettings: sshdSettings)
    }

    deinit { tearDown() }

    /// Takes the host's link down (`up: false`) or back up.
    public func setLink(up: Bool) throws {
        try Self.ip(["link", "set", hostLink, up ? "up" : "down"])
    }

    /// Routes everything the namespace sends back to this machine to nowhere (a
    /// `blackhole` route inside the namespace): SYNs arrive, no answer and no error ever
    /// comes back, as from a host behind a firewall that drops. The link stays up.
    public func blackholeReplies() throws {
        try Self.ip(["netns", "exec", name, "ip", "route", "add", "blackhole", "\(hostAddress)/32"])
    }

    private func setUp(lab: LabManifest, subnet: Int, sshdSettings: [String]) throws {
        let peer = "ch\(name.dropFirst(7))n".prefix(15).description
        routeAdded = (try? Self.ip(["route", "add", "unreachable", "10.213.0.0/16"])) != nil
        try Self.ip(["netns", "add", name])
        try Self.ip(["link", "add", hostLink, "type", "veth", "peer", "name", peer])
        try Self.ip(["link", "set", peer, "netns", name])
        try Self.ip(["addr", "add", "\(hostAddress)/30", "dev", hostLink])
        try Self.ip(["link", "set", hostLink, "up"])
        try Self.ip(["netns", "exec", name, "ip", "addr", "add", "\(address)/30", "dev", peer])
        try Self.ip(["netns", "exec", name, "ip", "link", "set", peer, "up"])
        try Self.ip(["netns", "exec", name, "ip", "link", "set", "lo", "up"])
        try startSSHD(lab: lab, settings: sshdSettings)
    }

    /// The lab's own sshd settings, listening on the namespace address.
    private func startSSHD(lab: LabManifest, settings: [String]) throws {
        let config = try lab.sshdConfig(listen: "\(address):\(port)", pidFile: directory + "/sshd.pid", extra: settings)
        try config.write(toFile: directory + "/sshd.conf", atomically: true, encoding: .utf8)
        try Self.ip(["netns", "exec", name, "/usr/sbin/sshd", "-f", directory + "/sshd.conf", "-E", directory + "/sshd.log"])
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: directory + "/sshd.pid") { usleep(50_000) }
        guard FileManager.default.fileExists(atPath: directory + "/sshd.pid") else {
            throw LabError.cannotStart("sshd in namespace \(name) did not start; see \(directory)/sshd.log")
        }
    }

    /// Stops the namespace's sshd (and its sessions), then deletes the namespace, which
    /// takes the veth pair with it.
    private func tearDown() {
        if let text = try? String(contentsOfFile: directory + "/sshd.pid", encoding: .utf8),
           let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            let all = [pid] + ProcessTree.descendants(of: [pid])
            all.forEach { kill($0, SIGKILL) }
        }
        _ = try? Self.ip(["netns", "del", name])
        if routeAdded { _ = try? Self.ip(["route", "del", "unreachable", "10.213.0.0/16"]) }
    }

    /// Subnets handed out by this process, so two hosts of one test run never share one.
    private static let taken = Mutex(Set<Int>())

    /// A 10.213.N.0/30 that this process has not handed out and that no interface on
    /// this machine uses (another test run may have a namespace host up).
    private static func unusedSubnet() throws -> Int {
        let inUse = try ip(["-4", "-o", "addr", "show"])
        return try taken.withLock { taken in
            let free = (1..<250).filter { !taken.contains($0) && !inUse.contains(" 10.213.\($0).1/") }
            guard let subnet = free.randomElement() else { throw LabError.cannotStart("no free 10.213.N.0/30 subnet") }
            taken.insert(subnet)
            return subnet
        }
    }

    @discardableResult
    private static func ip(_ arguments: [String]) throws -> String {
        let run = try LabScript.runProgram("/usr/sbin/ip", arguments)
        guard run.status == 0 else {
            throw LabError.cannotStart("ip \(arguments.joined(separator: " ")) failed: \(run.stderr)")
        }
        return run.stdout
    }
}
