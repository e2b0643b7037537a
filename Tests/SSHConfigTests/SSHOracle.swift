import Foundation

/// The real `ssh -G` (OpenSSH's own reading of a configuration, without connecting): the
/// reference the differential tests compare against.
enum SSHOracle {
    static let path = "/usr/bin/ssh"

    /// `ssh -G -F config [-l user] host`: each key with its values in order (several
    /// `identityfile` lines give several values), or nil when ssh refuses the configuration.
    static func dump(config: String, host: String, user: String?) throws -> [String: [String]]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-G", "-F", config] + (user.map { ["-l", $0] } ?? []) + ["--", host]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        var values: [String: [String]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let key = parts.first else { continue }
            values[String(key), default: []].append(parts.count > 1 ? String(parts[1]) : "")
        }
        return values
    }
}
