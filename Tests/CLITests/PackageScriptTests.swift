import Foundation
import LabSupport
import Testing

/// share/install, the install without dpkg (it shares its file table with share/package):
/// the files it places and their modes, and that --uninstall takes back what it wrote.
/// Runs on the debug binary into a --destdir, so it needs no release build and no root.
@Suite struct PackageScriptTests {
    static let script = LabScript.repositoryRoot.appendingPathComponent("share/install").path

    /// Every file of an install under the default prefix, with its mode.
    static let expected: [String: Int] = [
        "usr/local/bin/chorus": 0o755,
        "usr/local/share/man/man1/chorus.1.gz": 0o644,
        "usr/local/share/man/man5/chorus-inventory.5.gz": 0o644,
        "usr/local/share/man/man5/chorus.conf.5.gz": 0o644,
        "usr/local/share/bash-completion/completions/chorus": 0o644,
        "usr/local/share/zsh/site-functions/_chorus": 0o644,
        "usr/local/share/fish/vendor_completions.d/chorus.fish": 0o644,
        "etc/chorus/chorus.conf": 0o644,
        "usr/local/share/doc/chorus/copyright": 0o644,
        "usr/local/share/doc/chorus/README.md": 0o644,
        "usr/local/share/doc/chorus/examples/inventory.ini": 0o644,
        "usr/local/share/doc/chorus/examples/inventory.d/db_servers.ini": 0o644,
        "usr/local/share/doc/chorus/examples/inventory.d/web_clusters.ini": 0o644,
        "usr/local/share/doc/chorus/examples/rolling-check.chorus": 0o644,
        "usr/local/share/chorus/install-manifest": 0o644,
    ]

    @Test func installsEveryFileWithItsModeThenUninstallsThem() throws {
        let destdir = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: destdir) }
        let install = try LabScript.runProgram(Self.script, ["--destdir", destdir, "--binary", BinaryTests.binary])
        #expect(install.status == 0, "\(install.stderr)")
        let files = try Self.files(under: destdir)
        #expect(files == Self.expected, "installed: \(files)")

        let version = try LabScript.runProgram(destdir + "/usr/local/bin/chorus", ["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("chorus "), "the stripped binary runs")
        let page = try Data(contentsOf: URL(fileURLWithPath: destdir + "/usr/local/share/man/man1/chorus.1.gz"))
        #expect(page.prefix(2) == Data([0x1f, 0x8b]), "man pages are gzipped")

        let uninstall = try LabScript.runProgram(Self.script, ["--uninstall", "--destdir", destdir])
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: destdir).isEmpty, "uninstall leaves nothing")
    }

    /// An operator's chorus.conf is neither overwritten nor removed.
    @Test func keepsAnExistingChorusConf() throws {
        let destdir = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: destdir) }
        let conf = destdir + "/etc/chorus/chorus.conf"
        try FileManager.default.createDirectory(atPath: destdir + "/etc/chorus", withIntermediateDirectories: true)
        try "[defaults]\nfanout = 8\n".write(toFile: conf, atomically: true, encoding: .utf8)
        let install = try LabScript.runProgram(Self.script, ["--destdir", destdir, "--binary", "/bin/true"])
        #expect(install.status == 0)
        #expect(install.stderr.contains("keeping the existing"))
        _ = try LabScript.runProgram(Self.script, ["--uninstall", "--destdir", destdir])
        #expect(try String(contentsOfFile: conf, encoding: .utf8) == "[defaults]\nfanout = 8\n")
        #expect(!FileManager.default.fileExists(atPath: destdir + "/usr/local/bin/chorus"))
    }

    static func scratchFolder() throws -> String {
        let path = NSTemporaryDirectory() + "chorus-install-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Regular files under `root` (paths relative to it) with their permission bits.
    static func files(under root: String) throws -> [String: Int] {
        var files: [String: Int] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: root) ?? NSEnumerator() {
            let attributes = try FileManager.default.attributesOfItem(atPath: root + "/" + path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            files[path] = (attributes[.posixPermissions] as? Int).map { $0 & 0o7777 }
        }
        return files
    }
}
