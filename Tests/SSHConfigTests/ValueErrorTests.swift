@testable import SSHConfig
import Testing

/// Every value ssh refuses is an error at its line quoting the value, whether or not its
/// block applies (fail closed).
@Suite struct ValueErrorTests {
    static let bad: [(String, String)] = [
        ("Port abc", "bad Port 'abc': expected a number from 1 to 65535 or a service name"),
        ("Port 0", "bad Port '0'"), ("Port 65536", "bad Port '65536'"), ("Port 22 23", "Port takes one argument; extra '23'"),
        ("Port # none", "missing argument for Port"), ("Port", "no argument after keyword 'port'"),
        ("ConnectTimeout -1", "bad ConnectTimeout '-1': expected seconds"), ("ConnectTimeout 5x", "bad ConnectTimeout '5x'"),
        ("ServerAliveInterval soon", "bad ServerAliveInterval 'soon'"),
        ("ServerAliveCountMax -3", "bad ServerAliveCountMax '-3': expected a whole number from 0"),
        ("BatchMode maybe", "bad BatchMode 'maybe': expected yes or no"), ("IdentitiesOnly 1", "bad IdentitiesOnly '1'"),
        ("HashKnownHosts ja", "bad HashKnownHosts 'ja'"),
        ("StrictHostKeyChecking sometimes", "bad StrictHostKeyChecking 'sometimes': expected yes, accept-new, no, off or ask"),
        ("User \"\"", "missing argument for User"), ("HostName a b", "HostName takes one argument"),
        ("UserKnownHostsFile /a none", "UserKnownHostsFile 'none' must appear alone"),
        ("ProxyJump a@", "invalid ProxyJump 'a@': bad hop 'a@'"), ("ProxyJump a,b:0", "invalid ProxyJump 'a,b:0': bad hop 'b:0'"),
        ("User \"open", "invalid quotes"), ("Frobnicate yes", "bad configuration option 'frobnicate'"),
        ("Host \"\"", "Host has an empty pattern"), ("Compression maybe", "bad compression 'maybe': expected yes, no"),
        ("CheckHostIP perhaps", "bad checkhostip 'perhaps': expected yes or no"), ("ConnectionAttempts x", "bad connectionattempts 'x'"),
    ]

    @Test(arguments: bad) func refused(line: String, message: String) throws {
        let folder = try TestFolder()
        let error = configError { _ = try folder.load("Host elsewhere\n  " + line + "\n") }
        #expect(error?.line == 2, "\(line)")
        #expect(error?.message.hasPrefix(message) == true, "\(line): \(String(describing: error))")
        #expect(error?.description.hasPrefix(folder.root) == true)
    }

    static let good: [(String, @Sendable (SSHHostOptions) -> Bool)] = [
        ("Port ssh", { $0.port?.value == 22 }), ("ConnectTimeout 1m30s", { $0.connectTimeout?.value == 90 }),
        ("ConnectTimeout 0", { $0.connectTimeout?.value == 0 }), ("ConnectTimeout none", { $0.connectTimeout == nil }),
        ("StrictHostKeyChecking off", { $0.strictHostKeyChecking?.value == .no }),
        ("StrictHostKeyChecking ASK", { $0.strictHostKeyChecking?.value == .ask }),
        ("StrictHostKeyChecking accept-new", { $0.strictHostKeyChecking?.value == .acceptNew }),
        ("StrictHostKeyChecking true", { $0.strictHostKeyChecking?.value == .yes }),
        ("BatchMode True", { $0.batchMode?.value == true }), ("ServerAliveCountMax 0", { $0.serverAliveCountMax?.value == 0 }),
        ("ServerAliveInterval 1h", { $0.serverAliveInterval?.value == 3600 }),
        ("ProxyJump none", { $0.proxyJump?.value == SSHProxyJump.none }),
        ("ProxyJump a@b:23,[::1]:2,c # hop", { $0.proxyJump?.value == .hops(["a@b:23", "[::1]:2", "c"]) }),
        ("Ciphers not-checked-by-chorus", { !$0.warnings.isEmpty }), ("Compression yes", { $0.warnings.isEmpty }),
    ]

    @Test(arguments: good) func accepted(line: String, check: @Sendable (SSHHostOptions) -> Bool) throws {
        #expect(check(try TestFolder().resolve(line + "\n", host: "x")), "\(line)")
    }

    @Test func noneLeavesTheTimeForALaterLine() throws {
        #expect(try TestFolder().resolve("ConnectTimeout none\nConnectTimeout 7\n", host: "x").connectTimeout?.value == 7)
    }

    @Test func ignoreUnknownAllowsNamedKeywords() throws {
        let folder = try TestFolder()
        #expect(try folder.resolve("IgnoreUnknown Frob*,UseKeychain\nUseKeychain yes\nFrobnicate 1\nPort 3\n", host: "x").port?.value == 3)
        let scoped = "Host a\n  IgnoreUnknown UseKeychain\nHost *\n  UseKeychain yes\n"
        #expect(try folder.resolve(scoped, host: "a").warnings.isEmpty)
        #expect(configError { _ = try folder.resolve(scoped, host: "b") }?.line == 4)
    }

    @Test func commandLineErrorsNameTheOption() {
        let error = configError { _ = try TestFolder().load("", prelude: ["Port=abc"]) }
        #expect(error?.description == "-O Port=abc: bad Port 'abc': expected a number from 1 to 65535 or a service name")
    }
}
