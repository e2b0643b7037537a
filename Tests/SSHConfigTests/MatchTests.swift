@testable import SSHConfig
import Testing

/// `Match`: host (after HostName), originalhost, user, localuser, all, the final pass,
/// and criteria Chorus cannot evaluate.
@Suite struct MatchTests {
    static let config = """
        Host alias
          HostName real.example.com
        Match host *.example.com
          Port 2201
        Match originalhost alias
          IdentityFile /k/alias
        Match user admin
          Port 2202
        Match localuser me
          BatchMode yes
        Match !host real.example.com user deploy
          Port 2203
        Match all
          User dflt

        """

    @Test func hostIsTheHostNameSoFar() throws {
        let options = try TestFolder().resolve(Self.config, host: "alias")
        #expect(options.port?.value == 2201)
        #expect(options.identityFiles?.map(\.value) == ["/k/alias"])
        #expect(options.batchMode?.value == true)
        #expect(options.user?.value == "dflt")
    }

    @Test func userIsTheRemoteUserSoFar() throws {
        #expect(try TestFolder().resolve(Self.config, host: "other", user: "admin").port?.value == 2202)
        #expect(try TestFolder().resolve(Self.config, host: "other", user: "deploy").port?.value == 2203)
        #expect(try TestFolder().resolve(Self.config, host: "other").port == nil)
    }

    @Test func unsupportedCriteriaSkipTheBlockWithAWarning() throws {
        let config = "Match host web* exec \"test -f /x\"\n  Port 1\nMatch host db* localnetwork 10.0.0.0/8\n  Port 2\n"
        let web = try TestFolder().resolve(config, host: "web1")
        #expect(web.port == nil)
        #expect(web.warnings.count == 1)
        #expect(web.warnings.first?.description.hasSuffix(
            ":1: Match exec test -f /x is not supported by chorus; the block is skipped for web1") == true)
        let other = try TestFolder().resolve(config, host: "mail")
        #expect(other.warnings.isEmpty, "a host the other criteria rule out gets no warning")
    }

    @Test func aWarningIsGivenOnceAcrossBothPasses() throws {
        let options = try TestFolder().resolve("Match exec true\n  Port 1\nMatch final\n  User u\n", host: "x")
        #expect(options.warnings.count == 1)
        #expect(options.user?.value == "u" && options.port == nil)
    }

    @Test func unknownAttributesAndBadForms() {
        let bad = [
            ("Match foo bar\n", "unsupported Match attribute 'foo'"), ("Match host\n", "missing argument for Match host"),
            ("Match all host x\n", "cannot be combined"), ("Match # nothing\n", "one or more criteria"),
        ]
        for (text, message) in bad {
            let error = configError { _ = try TestFolder().load(text) }
            #expect(error?.message.contains(message) == true, "\(text): \(String(describing: error))")
            #expect(error?.line == 1)
        }
    }

    @Test func finalPassMatchesHostLinesAgainstTheHostName() throws {
        let config = "Host alias\n  HostName Real\nHost real\n  User second\nMatch final\n  Port 2204\n"
        let options = try TestFolder().resolve(config, host: "alias")
        #expect(options.user?.value == "second")
        #expect(options.port?.value == 2204)
        let without = try TestFolder().resolve("Host alias\n  HostName real\nHost real\n  User second\n", host: "alias")
        #expect(without.user == nil, "without a Match final, Host lines see the alias only")
    }

    @Test func canonicalIsTrueOnlyOnTheFinalPass() throws {
        let config = "Match canonical\n  Port 1\nMatch !canonical\n  User first\n"
        let options = try TestFolder().resolve(config, host: "x")
        #expect(options.port == nil && options.user?.value == "first")
    }
}
