@testable import SSHConfig
import Testing

/// `Include`: globs, paths relative to ~/.ssh or the system folder, inside blocks,
/// the depth limit.
@Suite struct IncludeTests {
    @Test func globsAreReadInOrder() throws {
        let folder = try TestFolder()
        try folder.write("conf.d/20-b.conf", "User b\nIdentityFile /k/b\n")
        try folder.write("conf.d/10-a.conf", "IdentityFile /k/a\n")
        try folder.write("conf.d/other.txt", "User never\n")
        let options = try folder.resolve("Include \(folder.root)/conf.d/*.conf\nUser main\n", host: "x")
        #expect(options.user?.value == "b")
        #expect(options.identityFiles?.map(\.value) == ["/k/a", "/k/b"])
        #expect(options.user?.origin == .file(path: folder.path("conf.d/20-b.conf"), line: 1))
    }

    @Test func userIncludesAreRelativeToDotSSH() throws {
        let folder = try TestFolder()
        try folder.write(".ssh/hosts.conf", "Host web1\n  Port 2201\n")
        #expect(try folder.resolve("Include hosts.conf\n", host: "web1").port?.value == 2201)
        #expect(try folder.resolve("Include ~/.ssh/hosts.conf\n", host: "web1").port?.value == 2201)
    }

    @Test func systemIncludesAreRelativeToTheSystemFolder() throws {
        let folder = try TestFolder()
        try folder.write("etc/ssh_config.d/a.conf", "Port 2202\n")
        let main = try folder.write("etc/ssh_config", "Include ssh_config.d/*.conf\n")
        let source = SSHConfigSource(path: main, isUserConfig: false, missingIsOK: true, checkPermissions: false)
        let config = try SSHConfig.load(files: [source], context: folder.context)
        #expect(try config.resolve(host: "x", localUser: "me", home: folder.root).port?.value == 2202)
        let tilde = try folder.write("etc/tilde", "Include ~/x\n")
        let error = configError {
            _ = try SSHConfig.load(
                files: [SSHConfigSource(path: tilde, isUserConfig: false, missingIsOK: false, checkPermissions: false)],
                context: folder.context)
        }
        #expect(error?.line == 1)
    }

    @Test func aGlobMatchingNothingIsFine() throws {
        let folder = try TestFolder()
        #expect(try folder.resolve("Include /nonexistent/chorus/*.conf\nPort 2\n", host: "x").port?.value == 2)
    }

    @Test func insideAHostBlockItAppliesOnlyThere() throws {
        let folder = try TestFolder()
        try folder.write("inc.conf", "User included\nHost db1\n  Port 3306\n")
        let config = "Host web1\n  Include \(folder.root)/inc.conf\n  Port 2201\nHost *\n  User last\n"
        let web = try folder.resolve(config, host: "web1")
        #expect(web.user?.value == "included")
        #expect(web.port?.value == 2201, "the including block applies again after the file")
        let db = try folder.resolve(config, host: "db1")
        #expect(db.user?.value == "last")
        #expect(db.port == nil, "a Host line in a file included from a block that does not apply never matches")
    }

    @Test func depthIsLimitedTo16() throws {
        let folder = try TestFolder()
        for level in 0..<16 { try folder.write("d\(level)", "Include \(folder.root)/d\(level + 1)\n") }
        try folder.write("d16", "Port 16\n")
        let deep = try SSHConfig.load(files: [.commandLine(folder.path("d0"))], context: folder.context)
        #expect(try deep.resolve(host: "x", localUser: "me", home: folder.root).port?.value == 16)
        try folder.write("d16", "Include \(folder.root)/d17\n")
        try folder.write("d17", "Port 17\n")
        let error = configError { _ = try SSHConfig.load(files: [.commandLine(folder.path("d0"))], context: folder.context) }
        #expect(error?.description.hasPrefix("\(folder.path("d16")):1: too many nested Include files") == true)
        try folder.write("loop", "Include \(folder.root)/loop\n")
        let loop = configError { _ = try SSHConfig.load(files: [.commandLine(folder.path("loop"))], context: folder.context) }
        #expect(loop?.message.contains("Include loop?") == true)
    }

    @Test func includedFilesArePermissionChecked() throws {
        let folder = try TestFolder()
        try folder.write("open.conf", "Port 1\n", mode: 0o666)
        let error = configError { _ = try folder.load("Include \(folder.root)/open.conf\n") }
        #expect(error?.description.hasPrefix("bad owner or permissions on \(folder.path("open.conf"))") == true)
    }
}
