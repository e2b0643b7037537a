import Foundation
import LabSupport
import Testing

/// A host whose account runs no commands (`ForceCommand internal-sftp`, as on chrooted
/// upload accounts), or whose shell finds neither `mv` nor `sha256sum` (an empty PATH):
/// copies work, replacing a file and `--checksum` included.
@Suite struct SFTPOnlyHostTests {
    @Test(arguments: ["ForceCommand internal-sftp", "SetEnv PATH=/nonexistent"])
    func copiesReplaceFilesAndChecksumsWithoutAShell(setting: String) throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").first)
        let server = try ExtraSSHD(lab: lab, address: host.address, extra: [setting])
        defer { server.stop() }
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        try inventory.addGroup("uploads", [
            ScratchInventory.section("sftp01", hostname: host.address, port: server.port, user: host.user,
                                     identityFile: lab.keys.ed25519),
        ])
        let knownHosts = NSTemporaryDirectory() + "chorus-sftponly-known-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: knownHosts) }
        let local = try Scratch(), remote = try Scratch(), fetched = try Scratch()
        defer { [local, remote, fetched].forEach { $0.remove() } }
        let options = ["-i", inventory.path, "--known-hosts", knownHosts, "--host-key-policy", "accept-new"]

        for version in ["first\n", "second, longer\n"] {
            try local.write("app.conf", Data(version.utf8))
            let put = try chorus(options + ["put", "-w", "sftp01", local.path("app.conf"), remote.path("app.conf")])
            #expect(put.status == 0, "\(put.stderr)")
            #expect(remote.contents("app.conf") == Data(version.utf8))
        }
        #expect(try remote.names() == ["app.conf"], "no temporary or set-aside file is left")

        let get = try chorus(options + ["get", "-w", "sftp01", remote.path("app.conf"), fetched.dir])
        #expect(get.status == 0, "\(get.stderr)")
        #expect(fetched.contents("sftp01/app.conf") == Data("second, longer\n".utf8))

        // No sha256sum there: --checksum reads each file back over SFTP and hashes it here.
        let checked = try chorus(options + ["put", "-w", "sftp01", "--checksum", local.path("app.conf"), remote.path("checked.conf")])
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(remote.contents("checked.conf") == Data("second, longer\n".utf8))
        let checkedGet = try chorus(options + ["get", "-w", "sftp01", "--checksum", remote.path("checked.conf"), fetched.dir])
        #expect(checkedGet.status == 0, "\(checkedGet.stderr)")
        #expect(fetched.contents("sftp01/checked.conf") == Data("second, longer\n".utf8))
        #expect(try remote.names() == ["app.conf", "checked.conf"], "no temporary or set-aside file is left")
    }
}
