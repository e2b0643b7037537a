import Foundation
import LabSupport
import Secrets
import SSHClient
import Testing

/// Logins with a key's contents (`keyData`, what a worker on a gateway gets) against the
/// lab: they behave as the key file would, from memory, with no file written.
@Suite struct KeyDataTests {
    /// The key file's contents, and the file itself removed: the login cannot use it.
    static func contentsOnly(_ key: TemporaryKey) throws -> SecretBytes {
        let bytes = try SecretBytes(contentsOfFile: key.path)
        key.remove()
        return bytes
    }

    @Test func ed25519KeyContentsLogInAndRunACommand() async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "ed25519")
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        let name = key.path
        let target = lab.target(host, auth: [.keyData(name: name, key: try Self.contentsOnly(key), passphrase: nil)])
        let results = try await onOwnThread { try runCommands(target, ["echo from-memory"]) }
        #expect(results.first?.stdoutText == "from-memory\n")
    }

    /// The lab's sshd refuses `ssh-rsa` (SHA-1) signatures: a login is an rsa-sha2 one.
    @Test(arguments: [nil, "PEM"])
    func rsaKeyContentsLogInWithSHA2(format: String?) async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "rsa", format: format)
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        let target = lab.target(host, auth: [.keyData(name: key.path, key: try Self.contentsOnly(key), passphrase: nil)])
        let results = try await onOwnThread { try runCommands(target, ["echo rsa-\(format ?? "openssh")"]) }
        #expect(results.first?.stdoutText == "rsa-\(format ?? "openssh")\n")
    }

    @Test func unknownRSAKeyContentsAreRefusedAsTheFileWouldBe() async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "rsa")
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        let fromFile = lab.target(host, auth: [.keyFile(path: key.path, passphrase: nil)])
        let fromMemory = lab.target(host, auth: [.keyData(name: key.path, key: try SecretBytes(contentsOfFile: key.path), passphrase: nil)])
        let phases = try await onOwnThread { (try connectOnly(fromFile), try connectOnly(fromMemory)) }
        #expect(phases.1.errorKind == .authFailed)
        #expect(phases.1.errorMessage.contains("key \(key.path): not accepted (signed with rsa-sha2-512, then with ssh-rsa)"))
        #expect(phases.1.errorMessage == phases.0.errorMessage)
    }

    /// OpenSSH's format (bcrypt KDF); PEM for RSA, which Chorus decrypts itself; PEM for
    /// ECDSA, whose public key libssh2 must derive from the contents (no `.pub` travels).
    @Test(arguments: [("ed25519", nil), ("rsa", "PEM"), ("ecdsa", "PEM")] as [(String, String?)])
    func encryptedKeyContentsLogInAndAWrongPassphraseGetsTheKeyFilesError(type: String, format: String?) async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: type, passphrase: "right one", format: format)
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        let bytes = try SecretBytes(contentsOfFile: key.path)
        let target = { (auth: SSHTarget.AuthMethod) in lab.target(host, auth: [auth]) }
        let good = target(.keyData(name: key.path, key: bytes, passphrase: Secret("right one")))
        let bad = target(.keyData(name: key.path, key: bytes, passphrase: Secret("nope")))
        let badFile = target(.keyFile(path: key.path, passphrase: Secret("nope")))
        let phases = try await onOwnThread { (try connectOnly(good), try connectOnly(bad), try connectOnly(badFile)) }
        #expect(phases.0 == .ready, "\(phases.0)")
        #expect(phases.1.errorKind == .authFailed)
        #expect(phases.1.errorMessage.contains("cannot use key \(key.path): wrong passphrase or unrecognised key format"),
                "\(phases.1)")
        #expect(phases.1.errorMessage == phases.2.errorMessage)
    }

    @Test func contentsThatAreNoKeyAreSaidPlainly() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").first)
        let target = lab.target(host, auth: [.keyData(name: "/nowhere/id", key: SecretBytes(Array("not a key\n".utf8)), passphrase: nil)])
        let phase = try await onOwnThread { try connectOnly(target) }
        #expect(phase.errorKind == .authFailed)
        #expect(phase.errorMessage.contains("cannot use key /nowhere/id: wrong passphrase or unrecognised key format"),
                "\(phase)")
    }

    /// A bastion's methods are a host's: key contents log in to both.
    @Test func aHostAndItsBastionLogInWithKeyContents() async throws {
        let lab = try Lab.shared().manifest
        let bastion = try BastionTests.bastion(lab)
        defer { bastion.server.stop() }
        let key = try TemporaryKey(type: "ed25519")
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        for user in Set([host.user, bastion.target.username]) { try key.authorize(in: lab, user: user) }
        let auth: [SSHTarget.AuthMethod] = [.keyData(name: key.path, key: try Self.contentsOnly(key), passphrase: nil)]
        var target = lab.target(host, auth: auth)
        target.jumps = [bastion.target]
        target.jumps[0].auth = auth
        let behind = target
        let (result, connections) = try await onOwnThread { () -> (CommandResult, Int) in
            let loop = try SSHEventLoop()
            let box = ResultBox()
            loop.connect(behind).exec("echo $SSH_CONNECTION | cut -d' ' -f3", handler: box.record)
            _ = loop.run(limit: 30) { box.isDone }
            return (box.result, bastion.server.connectionCount())
        }
        #expect(result.outcome == .exited(0), "\(String(describing: result.outcome))")
        #expect(result.stdoutText == host.address + "\n")
        #expect(connections == 1, "through the bastion")
    }

    /// Nothing holding the key lands in `$TMPDIR` while logging in with it (other tests
    /// write there too, so it is the key's text that is looked for in new files). The
    /// worker-level test (`WorkerKeyDataTests`) checks a `$TMPDIR` of its own stays empty.
    @Test func noFileInTheTemporaryFolderHoldsTheKey() async throws {
        let lab = try Lab.shared().manifest
        let key = try TemporaryKey(type: "ed25519", passphrase: "pp")
        defer { key.remove() }
        let host = try #require(lab.hosts(inGroup: "web").first)
        try key.authorize(in: lab, user: host.user)
        let text = try String(contentsOfFile: key.path, encoding: .utf8)
        let needle = try #require(text.split(separator: "\n").dropFirst().first.map(String.init))
        let bytes = try Self.contentsOnly(key)
        let before = TemporaryFolderScan.entries()
        let target = lab.target(host, auth: [.keyData(name: key.path, key: bytes, passphrase: Secret("pp"))])
        let results = try await onOwnThread { try runCommands(target, ["echo done"]) }
        #expect(results.first?.stdoutText == "done\n")
        #expect(TemporaryFolderScan.newFiles(since: before, holding: needle) == [])
    }
}

/// New files in `$TMPDIR` (at its top, or inside new folders there) that contain a
/// string. Only the top is listed before and after: the shared folder holds thousands of
/// entries.
enum TemporaryFolderScan {
    static let root = NSTemporaryDirectory()

    static func entries() -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
    }

    static func newFiles(since before: Set<String>, holding needle: String) -> [String] {
        let added = entries().subtracting(before).sorted().prefix(1_000)
        let files = added.flatMap { name in
            [name] + ((try? FileManager.default.subpathsOfDirectory(atPath: root + "/" + name)) ?? []).prefix(1_000).map { name + "/" + $0 }
        }
        return files.filter { entry in
            guard let handle = FileHandle(forReadingAtPath: root + "/" + entry),
                  let data = try? handle.read(upToCount: 1 << 20)
            else { return false }
            return String(decoding: data, as: UTF8.self).contains(needle)
        }
    }
}
