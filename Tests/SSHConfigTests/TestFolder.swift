import Foundation
import Glibc
@testable import SSHConfig

/// A throwaway folder of configuration files, removed when the value is released.
final class TestFolder {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-sshconfig-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        chmod(root, 0o755)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `text` at `name` (folders made) with `mode`; returns the path.
    @discardableResult
    func write(_ name: String, _ text: String, mode: Int = 0o644) throws -> String {
        let path = root + "/" + name
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, mode_t(mode))
        return path
    }

    func path(_ name: String) -> String { root + "/" + name }

    /// The configuration `text` read as a `-F` file, this folder as home and system folder.
    func load(_ text: String, prelude: [String] = []) throws -> SSHConfig {
        let path = try write("config-\(UUID().uuidString)", text)
        return try SSHConfig.load(files: [.commandLine(path)], prelude: prelude, context: context)
    }

    var context: SSHConfigContext { SSHConfigContext(home: root, systemFolder: root + "/etc") }

    /// The options for `host` from `text`, local user `me`, this folder as home.
    func resolve(_ text: String, host: String, prelude: [String] = [], user: String? = nil) throws -> SSHHostOptions {
        try load(text, prelude: prelude).resolve(host: host, remoteUserFromCommandLine: user, localUser: "me", home: root)
    }
}

/// The error `body` throws, or nil.
func configError(_ body: () throws -> Void) -> SSHConfigError? {
    do {
        try body()
        return nil
    } catch let error as SSHConfigError {
        return error
    } catch {
        return nil
    }
}
