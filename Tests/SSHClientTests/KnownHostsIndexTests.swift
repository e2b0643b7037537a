import Digests
@testable import SSHClient
import Testing

/// The index finds exactly the lines a pass over the whole file finds, in the same
/// order, whatever mix of literal names, lists, wildcards, negations, ports, markers and
/// hashed names the file holds.
@Suite struct KnownHostsIndexTests {
    static let key = "AAAAC3NzaC1lZDI1NTE5AAAAIDm2Cz4ZbrR0D3vFIzk0b3EYC0JNdbA1dbxuQbvImTVg"

    static func file() -> [KnownHostsEntry] {
        let hashedWeb = HostNameHash(hashing: Array("web01".utf8))!.field
        let hashedPort = HostNameHash(hashing: Array("[db1]:2222".utf8))!.field
        let hosts = [
            "web01", "WEB01,web02", "web0?", "*.example,!bad.example", "[db1]:2222", "db1",
            hashedWeb, "web01,web01", "bad.example", "!web01,web*", hashedPort, "@revoked web01",
            "@cert-authority *.example", "db1,[db1]:2222,Web03",
        ]
        let text = hosts.map { host in
            host.hasPrefix("@") ? "\(host) ssh-ed25519 \(key)" : "\(host) ssh-ed25519 \(key) comment"
        }.joined(separator: "\n")
        return KnownHostsContents.entries(in: Array(text.utf8))
    }

    @Test(arguments: [
        "web01", "web02", "web03", "web1", "a.example", "bad.example", "[db1]:2222", "db1", "[db1]:22",
        "nothing", "", "[web01]:2222",
    ])
    func findsWhatAPassOverEveryLineFinds(name: String) {
        let entries = Self.file()
        #expect(entries.count == 14)
        let lookup = KnownHosts.lookupName(host: name, port: 22)
        let index = KnownHostsIndex(entries)
        #expect(index.naming(lookup) == entries.filter { $0.hosts.matches(lookup) })
    }

    @Test func literalNamesFindTheirLinesInFileOrder() {
        let index = KnownHostsIndex(Self.file())
        #expect(index.naming(Array("web01".utf8)).map(\.line) == [1, 2, 3, 7, 8, 12])
        #expect(index.naming(Array("[db1]:2222".utf8)).map(\.line) == [5, 11, 14])
        #expect(index.naming(Array("web03".utf8)).map(\.line) == [3, 10, 14])
    }
}

/// Hashed names are HMAC-SHA1 (RFC 2104) under a key prepared once per line.
@Suite struct HostNameHashTests {
    /// RFC 2202's test cases 1 and 3 (20-byte keys, as known_hosts salts are).
    @Test(arguments: [
        ([UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8), "thcxhlUFcmTii8C2+zeMjvFGvgA="),
        ([UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50), "El1zQrmsEc2Ro5r0iqF7T2PxddM="),
    ])
    func matchesRFC2202(key: [UInt8], data: [UInt8], digest: String) throws {
        let field = "|1|\(Base64.encode(key))|\(digest)"
        let hash = try #require(HostNameHash(field: Array(field.utf8)[...]))
        #expect(hash.names(data))
        #expect(!hash.names(data + [0x20]))
    }

    @Test func aNameHashedHereIsFoundAgainAndNoOtherIs() throws {
        for name in ["web01", "[db1]:2222", String(repeating: "n", count: 300)] {
            let hash = try #require(HostNameHash(hashing: Array(name.utf8)))
            let read = try #require(HostNameHash(field: Array(hash.field.utf8)[...]))
            #expect(read == hash)
            #expect(read.names(Array(name.utf8)))
            #expect(!read.names(Array((name + "x").utf8)))
        }
    }
}
