import Secrets
import Foundation
import Inventory
import Testing

/// Secrets never show their value, whatever prints them.
@Suite struct SecretTests {
    @Test func neverShowsTheValue() throws {
        let secret = Secret("hunter2")
        var dumped = ""
        dump(secret, to: &dumped)
        var host = ResolvedHost(name: "h", hostname: "h", username: "u")
        host.password = secret
        var hostDump = ""
        dump(host, to: &hostDump)
        let encoded = String(decoding: try JSONEncoder().encode(["password": secret]), as: UTF8.self)
        for text in ["\(secret)", String(describing: secret), String(reflecting: secret), dumped, hostDump,
                     "\(host)", String(reflecting: host), encoded] {
            #expect(!text.contains("hunter2"), "leaked in: \(text)")
        }
        #expect("\(secret)" == "<redacted>")
        #expect(encoded == #"{"password":"<redacted>"}"#)
        #expect(secret.reveal() == "hunter2")
    }

    @Test func passwordsCanComeFromTheEnvironment() {
        var host = ResolvedHost(name: "h", hostname: "h", username: "u")
        host.passwordEnv = "DB_PASS"
        #expect(host.resolvedPassword(environment: ["DB_PASS": "s3"])?.reveal() == "s3")
        #expect(host.resolvedPassword(environment: [:]) == nil)
        host.password = Secret("inline")
        #expect(host.resolvedPassword(environment: ["DB_PASS": "s3"])?.reveal() == "inline")
        host.passphraseEnv = "KEY_PASS"
        #expect(host.resolvedPassphrase(environment: ["KEY_PASS": "p"])?.reveal() == "p")
    }
}
