import Foundation

/// A plain TCP listener on loopback standing in for a broken "SSH server".
public final class TCPServer: @unchecked Sendable {
    public enum Behaviour: Sendable {
        /// Accepts (through the kernel's backlog) and never says a word.
        case silent
        /// Answers every connection with this text, then closes it.
        case reply(String)
    }

    public let port: Int
    private let fd: Int32

    public init(address: String, behaviour: Behaviour) throws {
        (fd, port) = try Loopback.listen(on: address, backlog: 16)
        if case .reply(let text) = behaviour { Self.serve(text, on: fd) }
    }

    /// Answers at most 16 connections (bounded), until stopped.
    private static func serve(_ text: String, on fd: Int32) {
        Thread.detachNewThread {
            for _ in 0..<16 {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                _ = text.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                close(client)
            }
        }
    }

    public func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}

/// A fresh client key in a folder of its own, removed after the test.
public struct TemporaryKey: Sendable {
    public let folder: String
    public var path: String { folder + "/id" }

    /// - Parameter format: ssh-keygen's `-m` (`PEM` for the legacy format); nil for
    ///   OpenSSH's own.
    public init(type: String, passphrase: String = "", format: String? = nil) throws {
        folder = NSTemporaryDirectory() + "chorus-key-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let run = try LabScript.runProgram("/usr/bin/ssh-keygen", ["-q", "-t", type, "-N", passphrase, "-f", folder + "/id"] + (format.map { ["-m", $0] } ?? []))
        guard run.status == 0 else { throw LabError.cannotStart("ssh-keygen failed: \(run.stderr)") }
    }

    /// Lets the lab user log in with this key (appends to the lab's authorized keys).
    /// One `O_APPEND` write: tests authorising keys in parallel do not overwrite each
    /// other's lines (a seek to the end, then a write, did).
    public func authorize(in lab: LabManifest, user: String) throws {
        let publicKey = Array(try String(contentsOfFile: path + ".pub", encoding: .utf8).utf8)
        let fd = open(lab.dir + "/authkeys/" + user, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw LabError.cannotStart("cannot open the lab's authorized keys: errno \(errno)") }
        defer { close(fd) }
        let written = publicKey.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == publicKey.count else { throw LabError.cannotStart("cannot append to the lab's authorized keys") }
    }

    public func remove() { try? FileManager.default.removeItem(atPath: folder) }
}
