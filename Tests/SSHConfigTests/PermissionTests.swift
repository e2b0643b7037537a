import Glibc
@testable import SSHConfig
import Testing

/// Like ssh, the user's own file is refused when someone else could have written it.
@Suite struct PermissionTests {
    static let modes: [(Int, Bool)] = [(0o600, true), (0o644, true), (0o400, true), (0o664, false), (0o646, false), (0o620, false)]

    @Test(arguments: modes) func modeIsChecked(mode: Int, accepted: Bool) throws {
        let folder = try TestFolder()
        try folder.write(".ssh/config", "Port 2\n", mode: mode)
        let load = { try SSHConfig.load(files: [.userDefault(home: folder.root)], context: folder.context) }
        let error = configError { _ = try load() }
        #expect((error == nil) == accepted)
        if let error {
            #expect(error.description.hasPrefix("bad owner or permissions on \(folder.path(".ssh/config"))"))
        }
    }

    @Test func ownerMustBeTheUserOrRoot() throws {
        let folder = try TestFolder()
        let path = try folder.write(".ssh/config", "Port 2\n", mode: 0o600)
        // Only root can give a file away; the suite runs as root, as the lab does (CI).
        try #require(getuid() == 0, "giving the file to another owner needs root")
        #expect(chown(path, 4242, 4242) == 0)
        let error = configError { _ = try SSHConfig.load(files: [.userDefault(home: folder.root)], context: folder.context) }
        #expect(error?.description.hasPrefix("bad owner or permissions on \(path)") == true)
    }

    @Test func theCommandLineFileIsNotChecked() throws {
        let folder = try TestFolder()
        let path = try folder.write("f", "Port 2\n", mode: 0o666)
        #expect(try SSHConfig.load(files: [.commandLine(path)], context: folder.context).loadedFiles == [path])
    }
}
