import HostPatterns
import Testing

/// Names typed as addresses: `user@host:port`, `user@[v6]:port`.
@Suite struct AdHocAddressTests {
    @Test(arguments: [
        ("web9", nil, "web9", nil), ("root@web9", "root", "web9", nil), ("web9:2222", nil, "web9", 2222),
        ("root@web9:2222", "root", "web9", 2222), ("[::1]", nil, "::1", nil), ("[::1]:2200", nil, "::1", 2200),
        ("ops@[fe80::1%eth0]:22", "ops", "fe80::1%eth0", 22), ("fe80::1", nil, "fe80::1", nil),
        ("10.0.0.1:22", nil, "10.0.0.1", 22), ("a@b@host", "a@b", "host", nil), ("h:65535", nil, "h", 65535),
    ] as [(String, String?, String, Int?)])
    func parses(name: String, user: String?, host: String, port: Int?) {
        #expect(AdHocAddress(parsing: name) == AdHocAddress(user: user, host: host, port: port))
    }

    @Test(arguments: ["", "@host", "user@", "host:", "host:0", "host:70000", "host:abc", "[::1", "[::1]x", "[]:22", ":22"])
    func rejects(name: String) {
        #expect(AdHocAddress(parsing: name) == nil)
    }
}
