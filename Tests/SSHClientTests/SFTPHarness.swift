import Foundation
import LabSupport
import SSHClient

/// What one transfer reported.
struct TransferResult: Sendable {
    var progress: [(done: UInt64, total: UInt64?)] = []
    var outcome: TransferOutcome?

    var errorKind: SFTPError.Kind? {
        if case .failed(let error)? = outcome { return error.kind }
        return nil
    }
}

/// Collects one transfer's events (the loop runs on one thread, so no locking).
final class TransferBox {
    var result = TransferResult()
    var isDone: Bool { result.outcome != nil }
    /// Called on each progress event (e.g. to cancel halfway).
    var onProgress: ((UInt64, UInt64?) -> Void)?

    func record(_ event: TransferEvent) {
        switch event {
        case .progress(let done, let total):
            result.progress.append((done, total))
            onProgress?(done, total)
        case .finished(let outcome): result.outcome = outcome
        }
    }
}

/// A folder under the lab user's home, unique per test (relative paths start there,
/// for SFTP and for commands alike).
struct RemoteFolder {
    let path = "chorus-test-\(UUID().uuidString)"

    func file(_ name: String) -> String { path + "/" + name }

    func create(on target: SSHTarget) throws {
        let result = try runCommands(target, ["mkdir -p \(path)"])
        guard result.first?.outcome == .exited(0) else { throw HarnessError(description: "mkdir failed: \(result)") }
    }

    func remove(on target: SSHTarget) { _ = try? runCommands(target, ["rm -rf \(path)"]) }

    /// Every name in the folder, dot files included (temporary files start with a dot).
    func listing(on target: SSHTarget) throws -> [String] {
        let result = try runCommands(target, ["ls -A \(path)"])
        return result.first?.stdoutText.split(separator: "\n").map(String.init) ?? []
    }
}

/// A local folder of its own, removed after the test.
struct LocalFolder {
    let path = NSTemporaryDirectory() + "chorus-sftp-\(UUID().uuidString)"

    init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

    func file(_ name: String) -> String { path + "/" + name }
    func listing() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] }
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
}

/// Runs transfers that `start` begins on one session, until all have finished.
func runTransfers(_ target: SSHTarget, limit: Double = 60,
                  _ start: (SSHSession) -> [TransferBox]) throws -> [TransferResult] {
    let loop = try SSHEventLoop()
    let session = loop.connect(target)
    let boxes = start(session)
    _ = loop.run(limit: limit) { boxes.allSatisfy(\.isDone) }
    return boxes.map(\.result)
}

/// One put on a fresh session.
func putBytes(_ bytes: [UInt8], to path: String, on target: SSHTarget, mode: UInt32 = 0o644) throws -> TransferResult {
    try runTransfers(target) { session in
        let box = TransferBox()
        session.put(source: BytesSource(bytes), remotePath: path, mode: mode, handler: box.record)
        return [box]
    }[0]
}

/// One get on a fresh session.
func getFile(_ path: String, to localPath: String, on target: SSHTarget) throws -> TransferResult {
    try runTransfers(target) { session in
        let box = TransferBox()
        session.get(remotePath: path, localPath: localPath, handler: box.record)
        return [box]
    }[0]
}

/// Random bytes, eight at a time.
func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    var bytes = [UInt8](repeating: 0, count: count)
    for index in stride(from: 0, to: count, by: 8) {
        var word = generator.next()
        for byte in index..<min(index + 8, count) {
            bytes[byte] = UInt8(truncatingIfNeeded: word)
            word >>= 8
        }
    }
    return bytes
}

/// `sha256sum` of a local file (the same program the remote side runs).
func localSHA256(_ path: String) throws -> String {
    let run = try LabScript.runProgram("/usr/bin/sha256sum", [path])
    return String(run.stdout.prefix(64))
}

/// Holds what one operation's handler reported (the loop runs on one thread).
final class Slot<Value> {
    var value: Value?

    func fill(_ value: Value) { self.value = value }
}

/// Starts SFTP work on one fresh session and runs its loop until every slot is filled.
func runOnSession<Value>(_ target: SSHTarget, limit: Double = 60,
                         _ start: (SSHSession) -> [Slot<Value>]) throws -> [Value?] {
    let loop = try SSHEventLoop()
    let session = loop.connect(target)
    let slots = start(session)
    _ = loop.run(limit: limit) { slots.allSatisfy { $0.value != nil } }
    return slots.map(\.value)
}

/// One operation on a fresh session.
func runOne<Value>(_ target: SSHTarget, _ start: (SSHSession, Slot<Value>) -> Void) throws -> Value? {
    try runOnSession(target) { session in
        let slot = Slot<Value>()
        start(session, slot)
        return [slot]
    }[0]
}

extension Result where Failure == SFTPError {
    var failureKind: SFTPError.Kind? {
        if case .failure(let error) = self { return error.kind }
        return nil
    }

    var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}
