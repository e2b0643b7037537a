import Foundation

/// A running lab of real sshd hosts (share/lab/chorus-lab), for tests.
///
/// `Lab.shared()` gives every suite in a test process the same lab: the one named by
/// `$CHORUS_LAB_DIR` if set (left running), else one it starts on first use and stops
/// at exit. A lab it starts is also watched by the lab's own watchdog (owner PID), so
/// a crashed test run leaves no sshd behind. A lab that cannot start is an error that
/// fails the test — never a skip.
public final class Lab: Sendable {
    public let manifest: LabManifest
    /// True when this process started the lab and must stop it.
    private let owned: Bool

    private init(manifest: LabManifest, owned: Bool) {
        self.manifest = manifest
        self.owned = owned
    }

    /// Hosts in the shared lab: enough for the 100+-host tests, cheap to start (~0.5 s).
    public static let sharedHostCount = 128

    public static func shared() throws -> Lab {
        try sharedLab.get()
    }

    private static let sharedLab: Result<Lab, LabError> = {
        let result = Result { () throws(LabError) -> Lab in
            if let dir = ProcessInfo.processInfo.environment["CHORUS_LAB_DIR"], !dir.isEmpty {
                return try attach(dir: dir)
            }
            return try start(hosts: sharedHostCount)
        }
        if case .success(let lab) = result, lab.owned {
            atexit { try? Lab.shared().stop() }
        }
        return result
    }()

    /// Starts a lab of its own (for tests that need a special size or must stop it).
    /// - Parameter ipv6: add host `ipv6-01` on `[::1]` (group `ipv6`).
    public static func start(hosts: Int, ports: Int = 3, ipv6: Bool = false) throws(LabError) -> Lab {
        let arguments = ["start", "--hosts", "\(hosts)", "--ports", "\(ports)",
                         "--owner-pid", "\(getpid())", "--max-lifetime", "7200"] + (ipv6 ? ["--ipv6"] : [])
        let run = try LabScript.run(arguments)
        guard run.status == 0 else { throw LabError.cannotStart(run.stderr) }
        guard let dir = LabScript.exportedValue("CHORUS_LAB_DIR", in: run.stdout) else {
            throw LabError.cannotStart("chorus-lab printed no CHORUS_LAB_DIR:\n\(run.stdout)\(run.stderr)")
        }
        return Lab(manifest: try readManifest(dir: dir), owned: true)
    }

    /// Uses a lab someone else started; it is not stopped by this process.
    public static func attach(dir: String) throws(LabError) -> Lab {
        Lab(manifest: try readManifest(dir: dir), owned: false)
    }

    /// Stops the lab if this process started it. Safe to call more than once.
    public func stop() throws(LabError) {
        guard owned, FileManager.default.fileExists(atPath: manifest.dir) else { return }
        let run = try LabScript.run(["stop", "--dir", manifest.dir])
        guard run.status == 0 else { throw LabError.cannotStop(run.stderr) }
    }

    private static func readManifest(dir: String) throws(LabError) -> LabManifest {
        let path = dir + "/lab.json"
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode(LabManifest.self, from: data)
        } catch {
            throw LabError.badManifest(path: path, reason: "\(error)")
        }
    }
}

public enum LabError: Error, CustomStringConvertible {
    case cannotStart(String)
    case cannotStop(String)
    case badManifest(path: String, reason: String)
    case scriptMissing(String)

    public var description: String {
        switch self {
        case .cannotStart(let output):
            "the SSH lab could not start (tests that need it fail; run as root with openssh-server installed):\n\(output)"
        case .cannotStop(let output): "the SSH lab did not stop cleanly:\n\(output)"
        case .badManifest(let path, let reason): "unreadable lab manifest \(path): \(reason)"
        case .scriptMissing(let path): "lab script not found at \(path)"
        }
    }
}
