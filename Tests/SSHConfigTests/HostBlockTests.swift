@testable import SSHConfig
import Testing

/// `Host` blocks: patterns against the name as typed, negation, first value wins,
/// IdentityFile accumulating, `-O` first, origins.
@Suite struct HostBlockTests {
    static let config = """
        Host web* !web9 db?
          User deploy
          Port 2200
        Host web1
          User other
          Port 2201
          HostName 10.0.0.1
        Host *.example.com
          User ex
        Host *
          User fallback
          Port 22

        """

    static let cases: [(host: String, user: String, port: Int)] = [
        ("web1", "deploy", 2200), ("web12", "deploy", 2200), ("web9", "fallback", 22), ("db1", "deploy", 2200),
        ("db12", "fallback", 22), ("a.example.com", "ex", 22), ("WEB1", "fallback", 22), ("other", "fallback", 22),
    ]

    @Test(arguments: cases) func patternsAndFirstWins(host: String, user: String, port: Int) throws {
        let options = try TestFolder().resolve(Self.config, host: host)
        #expect(options.user?.value == user)
        #expect(options.port?.value == port)
    }

    @Test func originsNameFileAndLine() throws {
        let folder = try TestFolder()
        let config = try folder.load(Self.config)
        let options = try config.resolve(host: "web1", localUser: "me", home: folder.root)
        guard case .file(_, let line) = options.user?.origin else { Issue.record("no origin"); return }
        #expect(line == 2)
        #expect(options.hostName?.value == "10.0.0.1")
        #expect(options.hostName?.origin.description.hasSuffix(":7") == true)
        #expect(options.host == "10.0.0.1")
    }

    @Test func unsetOptionsAreNil() throws {
        let options = try TestFolder().resolve("Host other\n  User x\n", host: "web1")
        #expect(options.user == nil && options.port == nil && options.hostName == nil && options.identityFiles == nil)
        #expect(options.strictHostKeyChecking == nil && options.proxyJump == nil && options.warnings.isEmpty)
        #expect(options.host == "web1")
    }

    @Test func hostIsLowercasedUnlessAnAddress() throws {
        let folder = try TestFolder()
        #expect(try folder.resolve("Port 22\n", host: "WEB1").host == "web1")
        #expect(try folder.resolve("HostName %h.Example.COM\n", host: "Web").host == "web.example.com")
        #expect(try folder.resolve("HostName FE80::A\n", host: "x").host == "FE80::A")
    }

    @Test func identityFilesAccumulateWithoutDuplicates() throws {
        let config = """
            Host web1
              IdentityFile /k/one
              IdentityFile /k/two
            Host *
              IdentityFile /k/one
              IdentityFile /k/three
              IdentityFile none
            """
        let options = try TestFolder().resolve(config, host: "web1")
        #expect(options.identityFiles?.map(\.value) == ["/k/one", "/k/two", "/k/three"])
        let onlyNone = try TestFolder().resolve("IdentityFile none\n", host: "x")
        #expect(onlyNone.identityFiles == [])
    }

    @Test func knownHostsFilesTakeTheFirstLine() throws {
        let config = """
            UserKnownHostsFile /a /b
            UserKnownHostsFile /c
            GlobalKnownHostsFile none
            """
        let options = try TestFolder().resolve(config, host: "x")
        #expect(options.userKnownHostsFiles?.value == ["/a", "/b"])
        #expect(options.globalKnownHostsFiles?.value == [])
    }

    @Test func preludeComesFirst() throws {
        let options = try TestFolder().resolve("User fromfile\nPort 2200\n", host: "x", prelude: ["User=fromflag", "Port 2222"])
        #expect(options.user == SSHSetting("fromflag", .commandLine("User=fromflag")))
        #expect(options.port?.value == 2222)
        #expect(options.port?.origin.description == "-O Port 2222")
    }

    @Test func theCommandLineUserWinsOverEverything() throws {
        let options = try TestFolder().resolve("User fromfile\n", host: "x", prelude: ["User=flag"], user: "cli")
        #expect(options.user?.value == "cli")
        #expect(options.user?.origin.description == "command line")
    }

    @Test func preludeRefusesBlocks() {
        for line in ["Host x", "Match all", "Include /x"] {
            let error = configError { _ = try TestFolder().load("", prelude: [line]) }
            #expect(error?.description.contains("not allowed on the command line") == true, "\(line)")
        }
    }

    @Test func eachTopFileStartsApplying() throws {
        let folder = try TestFolder()
        let first = try folder.write("first", "Host other\n  User nobody\n")
        let second = try folder.write("second", "User everyone\n")
        let config = try SSHConfig.load(
            files: [.commandLine(first), .commandLine(second)], context: folder.context)
        #expect(try config.resolve(host: "x", localUser: "me", home: folder.root).user?.value == "everyone")
    }

    @Test func aMissingFileIsOKOnlyWhenSaidSo() throws {
        let folder = try TestFolder()
        let missing = folder.path("nope")
        let tolerant = SSHConfigSource(path: missing, isUserConfig: true, missingIsOK: true, checkPermissions: true)
        #expect(try SSHConfig.load(files: [tolerant], context: folder.context).loadedFiles == [])
        let error = configError { _ = try SSHConfig.load(files: [.commandLine(missing)], context: folder.context) }
        #expect(error?.description == "cannot read \(missing): no such file")
    }

    @Test func hasHostBlockIgnoresWildcardOnlyPatterns() throws {
        let config = try TestFolder().load("Host *\n  User u\nHost web? !web9\n  Port 1\nMatch originalhost alias\n  HostName real\n")
        #expect(config.hasHostBlock(matching: "web1"))
        #expect(!config.hasHostBlock(matching: "web9"))
        #expect(config.hasHostBlock(matching: "alias"))
        #expect(!config.hasHostBlock(matching: "unknown"))
    }
}
