import Foundation

/// What a running lab says about itself (`lab.json`, written by share/lab/chorus-lab).
public struct LabManifest: Decodable, Sendable {
    public struct Host: Decodable, Sendable, Equatable {
        public let name: String
        public let group: String
        public let address: String
        public let port: Int
        public let user: String
        /// `key` (the lab's ed25519 key) or `password` (the user's password).
        public let auth: String
    }

    public struct User: Decodable, Sendable {
        public let name: String
        /// Nil when the lab runs without root (key logins only).
        public let password: String?
    }

    public struct Keys: Decodable, Sendable {
        public let ed25519: String
        public let ecdsa: String
        public let ed25519Passphrase: String
        public let passphrase: String

        enum CodingKeys: String, CodingKey {
            case ed25519, ecdsa, passphrase
            case ed25519Passphrase = "ed25519_passphrase"
        }
    }

    public let dir: String
    public let root: Bool
    public let inventory: String
    public let knownHosts: String
    public let keys: Keys
    public let users: [User]
    public let ports: [Int]
    public let hosts: [Host]
    public let sshdPids: [Int32]

    enum CodingKeys: String, CodingKey {
        case dir, root, inventory, keys, users, ports, hosts
        case knownHosts = "known_hosts"
        case sshdPids = "sshd_pids"
    }

    public func hosts(inGroup group: String) -> [Host] { hosts.filter { $0.group == group } }

    public func password(for user: String) -> String? { users.first { $0.name == user }?.password }

    /// The lab's own sshd settings for one more sshd a test starts itself: listening at
    /// `listen` (`ADDRESS:PORT`), its pid in `pidFile`, `extra` lines first (sshd keeps
    /// the first value it reads for a keyword).
    public func sshdConfig(listen: String, pidFile: String, extra: [String] = []) throws -> String {
        let base = try String(contentsOfFile: dir + "/sshd/00.conf", encoding: .utf8)
        let settings = base.split(separator: "\n").filter { !$0.hasPrefix("ListenAddress") && !$0.hasPrefix("PidFile") }
        return (["ListenAddress \(listen)", "PidFile \(pidFile)"] + extra + settings.map(String.init)).joined(separator: "\n") + "\n"
    }
}
