import Glibc
@testable import SSHConfig
import Testing

/// `~`, `%` tokens and `${}` in IdentityFile, UserKnownHostsFile and IdentityAgent.
@Suite struct TokenTests {
    static let tokens: [(String, String)] = [
        ("%d/k", "HOME/k"), ("%u", "me"), ("%h", "real.example.com"), ("%r", "bob"), ("%p", "2222"), ("%n", "alias"),
        ("%%", "%"), ("~/k", "HOME/k"), ("~", "HOME/"), ("/k/%r@%h:%p", "/k/bob@real.example.com:2222"),
        ("%k", "alias"), ("/a~b", "/a~b"), ("%i", "UID"),
    ]

    static let config = "Host alias\n  HostName Real.example.com\n  User bob\n  Port 2222\n"

    @Test(arguments: tokens) func eachToken(raw: String, expected: String) throws {
        let folder = try TestFolder()
        let text = Self.config + "  IdentityFile \"\(raw)\"\n  UserKnownHostsFile \"\(raw)\"\n  IdentityAgent \"\(raw)\"\n"
        let options = try folder.resolve(text, host: "alias")
        let wanted = expected.replacingAll("HOME", with: folder.root).replacingAll("UID", with: String(getuid()))
        #expect(options.identityFiles?.map(\.value) == [wanted])
        #expect(options.userKnownHostsFiles?.value == [wanted])
        #expect(options.identityAgent?.value == .path(wanted))
    }

    @Test func unknownTokensAreErrorsAtTheirLine() throws {
        let folder = try TestFolder()
        for (raw, message) in [("%x", "unknown token %x"), ("%C", "token %C is not supported by chorus"), ("a%", "a lone %")] {
            let error = configError { _ = try folder.resolve(Self.config + "  IdentityFile \(raw)\n", host: "alias") }
            #expect(error?.line == 5, "\(raw)")
            #expect(error?.message == "bad IdentityFile '\(raw)': \(message)" || error?.message.hasPrefix("bad IdentityFile '\(raw)': \(message)") == true)
        }
        let unused = try folder.resolve("Host elsewhere\n  IdentityFile %x\n", host: "alias")
        #expect(unused.identityFiles == nil, "as in ssh, a token is only refused where it is used")
        let hostName = configError { _ = try folder.resolve("HostName %d.x\n", host: "a") }
        #expect(hostName?.message == "bad HostName '%d.x': unknown token %d (write %% for a literal %)")
    }

    @Test func environmentVariables() throws {
        setenv("CHORUS_SSHCONFIG_TEST", "/from/env", 1)
        let options = try TestFolder().resolve("IdentityFile ${CHORUS_SSHCONFIG_TEST}/k\n", host: "x")
        #expect(options.identityFiles?.map(\.value) == ["/from/env/k"])
        let unset = configError { _ = try TestFolder().resolve("IdentityFile ${CHORUS_SSHCONFIG_UNSET_X}\n", host: "x") }
        #expect(unset?.message.contains("is not set") == true)
    }

    @Test func identityAgentForms() throws {
        let folder = try TestFolder()
        #expect(try folder.resolve("IdentityAgent none\n", host: "x").identityAgent?.value == SSHIdentityAgent.none)
        #expect(try folder.resolve("IdentityAgent SSH_AUTH_SOCK\n", host: "x").identityAgent?.value == .environment("SSH_AUTH_SOCK"))
        #expect(try folder.resolve("IdentityAgent $MY_SOCK\n", host: "x").identityAgent?.value == .environment("MY_SOCK"))
        #expect(configError { _ = try folder.load("IdentityAgent $MY-SOCK\n") }?.line == 1)
        #expect(configError { _ = try folder.load("IdentityAgent ${OPEN\n") }?.line == 1)
    }

    @Test func globalKnownHostsGetsTildeOnly() throws {
        let folder = try TestFolder()
        let options = try folder.resolve("GlobalKnownHostsFile ~/g %h\n", host: "x")
        #expect(options.globalKnownHostsFiles?.value == [folder.root + "/g", "%h"])
    }
}
