import Foundation
import LabSupport
import Testing

/// Passwords and passphrases never appear in anything chorus writes: live and JSON
/// output, per-host files, host listings, error lines — including for hosts whose
/// password is wrong.
@Suite struct SecretLeakTests {
    @Test func noSecretReachesAnyOutput() throws {
        let lab = try Lab.shared().manifest
        let secrets = lab.users.compactMap(\.password) + [lab.keys.passphrase, "wrong-\(UUID().uuidString.prefix(8))"]
        try #require(secrets.count >= 2)
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        let db = try #require(lab.hosts(inGroup: "db").first)
        try inventory.addGroup("extra", [
            "[wrongpass]\nhostname = \(db.address)\nport = \(db.port)\nusername = \(db.user)\npassword = \(secrets.last ?? "")\n",
            "[passkey]\nhostname = \(lab.hosts[0].address)\nport = \(lab.hosts[0].port)\nusername = chorus-lab\n"
                + "identity_file = \(lab.keys.ed25519Passphrase)\npassphrase = \(lab.keys.passphrase)\n",
        ])
        let outdir = NSTemporaryDirectory() + "chorus-secrets-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: outdir) }
        let base = ["-i", inventory.path, "--known-hosts", lab.knownHosts, "--host-key-policy", "strict"]
        let runs = [
            try chorus(base + ["-w", "@db,@cache,@extra", "--outdir", outdir, "--errdir", outdir + "/err", "env; id"]),
            try chorus(base + ["-o", "json", "-w", "@db,@extra", "echo", "$SSH_CONNECTION"]),
            try chorus(base + ["-b", "-w", "@db,@extra", "true"]),
            try chorus(base + ["hosts", "--json", "@db,@extra"]),
            try chorus(base + ["-w", "@wrong_group", "true"]),
        ]
        #expect(runs[0].stdout.contains("passkey: uid="), "the passphrase key must have worked")
        var written = runs.map { $0.stdout + $0.stderr }
        for file in (try? FileManager.default.subpathsOfDirectory(atPath: outdir)) ?? [] {
            written.append((try? String(contentsOfFile: outdir + "/" + file, encoding: .utf8)) ?? "")
        }
        #expect(written.count > runs.count, "the per-host files must exist")
        for secret in secrets {
            #expect(!written.contains { $0.contains(secret) }, "a secret appeared in chorus's output")
        }
    }
}
