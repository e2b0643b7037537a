import Foundation
import LabSupport

/// The real `ssh -G` (OpenSSH's own reading of a configuration, without connecting): the
/// reference the differential tests compare against.
enum SSHOracle {
    static let path = "/usr/bin/ssh"

    /// `ssh -G -F config [-l user] host`: each key with its values in order (several
    /// `identityfile` lines give several values), or nil when ssh refuses the configuration.
    static func dump(config: String, host: String, user: String?) throws -> [String: [String]]? {
        // Spawned and waited for directly: Foundation's Process can miss the child's exit
        // under the test runner and wait for ever (a zombie ssh, seen on a loaded machine).
        let run = try LabScript.runProgram(path, ["-G", "-F", config] + (user.map { ["-l", $0] } ?? []) + ["--", host])
        guard run.status == 0 else { return nil }
        let data = Data(run.stdout.utf8)
        var values: [String: [String]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let key = parts.first else { continue }
            values[String(key), default: []].append(parts.count > 1 ? String(parts[1]) : "")
        }
        return values
    }
}
