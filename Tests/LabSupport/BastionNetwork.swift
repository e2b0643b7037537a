import Foundation
import Synchronization

/// A bastion as network namespaces, the way a real one is placed: the client (this, the
/// root namespace) reaches only the bastion; the bastion reaches N target hosts on a
/// private subnet that the root namespace cannot reach.
///
///     root ──leg A (10.214.S.0/30)── bastion ns ──leg B (10.215.S.0/24)── targets ns
///
/// The bastion's sshd (the lab's settings plus `AllowTcpForwarding yes`) listens on
/// `bastionAddress`:22; each target's sshd on its own `targetAddresses[i]`:22. The root
/// namespace gets an `unreachable` route for 10.215.0.0/16 (a direct connection fails at
/// once, never falls through to a default route), and the bastion namespace forwards no
/// packets: only its sshd can carry traffic to the targets. Everything created is named
/// from `tag` and removed by `stop()` (or deinit): sshds by PID, then both namespaces,
/// which take their veth pairs with them, then the route if this instance added it.
public final class BastionNetwork {
    public let bastionAddress: String
    /// The bastion's address on the targets' subnet (where their connections come from).
    public let bastionInnerAddress: String
    public let targetAddresses: [String]
    public let port = 22
    private let tag: String
    private let directory: String
    private var routeAdded = false
    private var stopped = false

    private var bastionNamespace: String { "chorus-b\(tag)" }
    /// The root namespace's end of leg A: every byte between the client and the bastion crosses it.
    public var clientLink: String { "cb\(tag)r" }

    /// Bytes the root namespace has sent to the bastion (the client link's TX counter).
    public func bytesSentToBastion() -> UInt64 {
        let counter = "/sys/class/net/\(clientLink)/statistics/tx_bytes"
        return (try? String(contentsOfFile: counter, encoding: .utf8)).flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }
    private var targetNamespace: String { "chorus-t\(tag)" }
    private var bastionPIDFile: String { directory + "/bastion.pid" }

    public init(lab: LabManifest, targets: Int) throws {
        precondition((1...200).contains(targets), "targets on one /24 from .10")
        let subnet = try Self.unusedSubnet()
        tag = "\(getpid() % 100_000)x\(subnet)"
        bastionAddress = "10.214.\(subnet).2"
        bastionInnerAddress = "10.215.\(subnet).1"
        targetAddresses = (0..<targets).map { "10.215.\(subnet).\(10 + $0)" }
        directory = lab.dir + "/bastion-net-\(tag)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            try setUp(lab: lab, subnet: subnet)
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// The bastion sshd's PID (its listener; each connection is a child of it).
    public var bastionPID: pid_t? { Self.pid(in: bastionPIDFile) }

    /// How many connections the bastion's sshd serves now.
    public func bastionConnectionCount() -> Int {
        guard let pid = bastionPID else { return 0 }
        let children = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").count
    }

    private func setUp(lab: LabManifest, subnet: Int) throws {
        routeAdded = (try? Self.ip(["route", "add", "unreachable", "10.215.0.0/16"])) != nil
        try Self.ip(["netns", "add", bastionNamespace])
        try Self.ip(["netns", "add", targetNamespace])
        try linkRootToBastion(subnet: subnet)
        try linkBastionToTargets()
        for namespace in [bastionNamespace, targetNamespace] { try inNamespace(namespace, ["ip", "link", "set", "lo", "up"]) }
        try inNamespace(bastionNamespace, ["/bin/sh", "-c", "echo 0 > /proc/sys/net/ipv4/ip_forward"])
        try startSSHD(lab: lab, in: bastionNamespace, listen: bastionAddress, name: "bastion", extra: ["AllowTcpForwarding yes"])
        for (index, address) in targetAddresses.enumerated() {
            try startSSHD(lab: lab, in: targetNamespace, listen: address, name: "target\(index)", extra: [])
        }
    }

    /// Leg A: root ↔ bastion, a /30.
    private func linkRootToBastion(subnet: Int) throws {
        let (rootLeg, bastionLeg) = ("cb\(tag)r", "cb\(tag)a")
        try Self.ip(["link", "add", rootLeg, "type", "veth", "peer", "name", bastionLeg])
        try Self.ip(["link", "set", bastionLeg, "netns", bastionNamespace])
        try Self.ip(["addr", "add", "10.214.\(subnet).1/30", "dev", rootLeg])
        try Self.ip(["link", "set", rootLeg, "up"])
        try inNamespace(bastionNamespace, ["ip", "addr", "add", "\(bastionAddress)/30", "dev", bastionLeg])
        try inNamespace(bastionNamespace, ["ip", "link", "set", bastionLeg, "up"])
    }

    /// Leg B: bastion ↔ targets, a /24 with every target's address on the targets' end.
    private func linkBastionToTargets() throws {
        let (bastionLeg, targetLeg) = ("cb\(tag)b", "cb\(tag)t")
        try Self.ip(["link", "add", bastionLeg, "type", "veth", "peer", "name", targetLeg])
        try Self.ip(["link", "set", bastionLeg, "netns", bastionNamespace])
        try Self.ip(["link", "set", targetLeg, "netns", targetNamespace])
        try inNamespace(bastionNamespace, ["ip", "addr", "add", "\(bastionInnerAddress)/24", "dev", bastionLeg])
        try inNamespace(bastionNamespace, ["ip", "link", "set", bastionLeg, "up"])
        for address in targetAddresses {
            try inNamespace(targetNamespace, ["ip", "addr", "add", "\(address)/24", "dev", targetLeg])
        }
        try inNamespace(targetNamespace, ["ip", "link", "set", targetLeg, "up"])
    }

    /// The lab's sshd settings in `namespace`, on `listen`:22; waits (5 s at most) for its PID file.
    private func startSSHD(lab: LabManifest, in namespace: String, listen: String, name: String, extra: [String]) throws {
        let pidFile = directory + "/\(name).pid"
        let config = try lab.sshdConfig(listen: "\(listen):\(port)", pidFile: pidFile, extra: extra)
        try config.write(toFile: directory + "/\(name).conf", atomically: true, encoding: .utf8)
        try inNamespace(namespace, ["/usr/sbin/sshd", "-f", directory + "/\(name).conf", "-E", directory + "/\(name).log"])
        for _ in 0..<100 where Self.pid(in: pidFile) == nil { usleep(50_000) }
        guard Self.pid(in: pidFile) != nil else {
            throw LabError.cannotStart("sshd \(name) in namespace \(namespace) did not start; see \(directory)/\(name).log")
        }
    }

    /// Stops every sshd this network started (and their sessions) by PID, deletes both
    /// namespaces (their veth pairs go with them) and the route this instance added.
    public func stop() {
        guard !stopped else { return }
        stopped = true
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".pid") }
        let pids = files.compactMap { Self.pid(in: directory + "/" + $0) }
        (pids + ProcessTree.descendants(of: pids)).forEach { kill($0, SIGKILL) }
        for _ in 0..<100 where pids.contains(where: ProcessTree.isRunning) { usleep(20_000) }  // 2 s at most
        for namespace in [bastionNamespace, targetNamespace] { _ = try? Self.ip(["netns", "del", namespace]) }
        _ = try? Self.ip(["link", "del", "cb\(tag)r"])  // normally gone with its peer already
        if routeAdded { _ = try? Self.ip(["route", "del", "unreachable", "10.215.0.0/16"]) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func inNamespace(_ namespace: String, _ command: [String]) throws {
        try Self.ip(["netns", "exec", namespace] + command)
    }

    private static func pid(in file: String) -> pid_t? {
        (try? String(contentsOfFile: file, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Subnets handed out by this process.
    private static let taken = Mutex(Set<Int>())

    /// An S for 10.214.S.0/30 that this process has not handed out and no interface here uses.
    private static func unusedSubnet() throws -> Int {
        let inUse = try ip(["-4", "-o", "addr", "show"])
        return try taken.withLock { taken in
            let free = (1..<250).filter { !taken.contains($0) && !inUse.contains(" 10.214.\($0).1/") }
            guard let subnet = free.randomElement() else { throw LabError.cannotStart("no free 10.214.N.0/30 subnet") }
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
