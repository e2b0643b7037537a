import Foundation

/// What a gateway lab says about its network (`gateway_lab` in lab.json, written by
/// share/lab/lib/manifest.py from what share/lab/lib/gateways.sh made).
public struct GatewayNetwork: Decodable, Sendable {
    /// A gateway host: its own namespace and sshd, reached from root on a client link.
    public struct Gateway: Decodable, Sendable {
        public let name: String
        public let namespace: String
        /// Its address on the client link (its inventory hostname), port 22.
        public let address: String
        public let port: Int
        /// The client link's root-namespace end (a veth) and that end's address.
        public let rootDevice: String
        public let rootAddress: String
        /// The client link's end inside the gateway namespace.
        public let gatewayDevice: String
        /// Its leg on the segment bridge, and the address targets see its connections from.
        public let segmentDevice: String
        public let segmentAddress: String
        public let sshdPid: Int32

        enum CodingKeys: String, CodingKey {
            case name, namespace, address, port
            case rootDevice = "root_device", rootAddress = "root_address", gatewayDevice = "gateway_device"
            case segmentDevice = "segment_device", segmentAddress = "segment_address", sshdPid = "sshd_pid"
        }
    }

    /// A host in the segment: reachable only through a gateway (or the direct leg).
    public struct Target: Decodable, Sendable {
        public let name: String
        public let address: String
        public let port: Int
        /// Every gateway (the inventory's `gateway = …`), and the split group (`behind_gwK`).
        public let gateways: [String]
        public let splitGroup: String

        enum CodingKeys: String, CodingKey {
            case name, address, port, gateways
            case splitGroup = "split_group"
        }
    }

    /// The root namespace's own leg on the segment bridge (`--direct`).
    public struct Direct: Decodable, Sendable {
        public let rootDevice: String
        public let rootAddress: String
        public let segmentDevice: String
        public let inventory: String

        enum CodingKeys: String, CodingKey {
            case rootDevice = "root_device", rootAddress = "root_address", segmentDevice = "segment_device"
            case inventory
        }
    }

    /// The root namespace's `unreachable` route for the segment (it also claims the slot).
    public struct Route: Decodable, Sendable {
        public let type: String
        public let prefix: String
        public let metric: Int
    }

    public let tag: String
    /// The segment's prefix (a /20 in 10.218.0.0/15).
    public let segment: String
    public let segmentNamespace: String
    public let segmentBridgeAddress: String
    /// Every namespace the lab made: the segment's and the gateways'.
    public let namespaces: [String]
    public let route: Route
    /// Bits per second of the client's whole link (`--client-rate`), and of each gateway
    /// link's share of it; nil without `--client-rate`.
    public let clientRateBits: Int?
    public let gatewayLinkRateBits: Int?
    public let gateways: [Gateway]
    public let targets: [Target]
    public let targetSshdPids: [Int32]
    public let direct: Direct?
    /// The targets without `gateway` keys (for runs over the direct leg).
    public let directInventory: String

    enum CodingKeys: String, CodingKey {
        case tag, segment, namespaces, route, gateways, targets, direct
        case segmentNamespace = "segment_namespace", segmentBridgeAddress = "segment_bridge_address"
        case clientRateBits = "client_rate_bits", gatewayLinkRateBits = "gateway_link_rate_bits"
        case targetSshdPids = "target_sshd_pids", directInventory = "direct_inventory"
    }

    /// Every root-namespace device the lab made (client links, then the direct leg).
    public var rootDevices: [String] { gateways.map(\.rootDevice) + (direct.map { [$0.rootDevice] } ?? []) }
}
