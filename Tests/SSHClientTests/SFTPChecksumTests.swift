import Digests
import Foundation
import LabSupport
import SSHClient
import Testing

/// SHA-256 checks of transfers (`sha256sum` on the host); local files: DigestsTests.
@Suite struct SFTPChecksumTests {
    let web: SSHTarget

    init() throws {
        let lab = try Lab.shared().manifest
        web = lab.target(try #require(lab.hosts(inGroup: "web").dropFirst(4).first))
    }

    @Test func aPutWithTheRightDigestArrives() async throws {
        let (web, remote, local) = (web, RemoteFolder(), try LocalFolder())
        defer { local.remove() }
        #expect(FileManager.default.createFile(atPath: local.file("source"), contents: Data(randomBytes(2_500_000))))
        let digest = try sha256Hex(ofFileAt: local.file("source"))
        let (box, remoteSum) = try await onOwnThread { () -> (TransferResult, String) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let source = try FileSource(path: local.file("source"))
            let box = try runTransfers(web) { session in
                let box = TransferBox()
                session.put(source: source, remotePath: remote.file("data"), verifySHA256: digest, handler: box.record)
                return [box]
            }[0]
            return (box, try runCommands(web, ["cd \(remote.path) && ls -A && sha256sum data"]).first?.stdoutText ?? "")
        }
        #expect(box.outcome == .completed(bytes: 2_500_000))
        #expect(remoteSum == "data\n\(digest)  data\n", "only the final file, with the right bytes")
    }

    @Test func aPutWithAWrongDigestLeavesNothingBehind() async throws {
        let (web, remote) = (web, RemoteFolder())
        let bytes = randomBytes(300_000)
        let wrong = String(repeating: "0", count: 64)
        let (box, listing) = try await onOwnThread { () -> (TransferResult, [String]) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let box = try runTransfers(web) { session in
                let box = TransferBox()
                session.put(source: BytesSource(bytes), remotePath: remote.file("data"), verifySHA256: wrong,
                            handler: box.record)
                return [box]
            }[0]
            return (box, try remote.listing(on: web))
        }
        #expect(box.errorKind == .checksumMismatch)
        if case .failed(let error)? = box.outcome {
            #expect(error.message.contains(wrong))
            #expect(error.message.contains(sha256Hex(bytes)), "both digests are named: \(error.message)")
        }
        #expect(listing.isEmpty, "no final file and no temporary file: \(listing)")
    }

    /// A host that runs no commands (`ForceCommand internal-sftp`), or whose shell finds
    /// no `sha256sum` (a PATH with nothing in it): the temporary file is read back over
    /// SFTP and hashed here, and a wrong digest is caught the same way. The folder is
    /// made through the lab host, which shares the user's home with the test's server.
    @Test(arguments: ["ForceCommand internal-sftp", "SetEnv PATH=/nonexistent"])
    func aHostThatCannotHashIsCheckedByReadingTheFileBack(setting: String) async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts(inGroup: "web").dropFirst(4).first)
        let server = try ExtraSSHD(lab: lab, address: host.address, extra: [setting])
        defer { server.stop() }
        var sftpOnly = lab.target(host, policy: .off)
        sftpOnly.port = server.port
        let (web, target, remote) = (web, sftpOnly, RemoteFolder())
        let bytes = randomBytes(1_500_000), wrong = String(repeating: "0", count: 64)
        let (right, mismatched, listing, hashing) = try await onOwnThread {
            () -> (TransferResult, TransferResult, [String], ExecOutcome?) in
            let hashing = try runCommands(target, ["sha256sum /dev/null"]).first?.outcome
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let boxes = try runTransfers(target) { session in
                let (right, mismatched) = (TransferBox(), TransferBox())
                session.put(source: BytesSource(bytes), remotePath: remote.file("right"), verifySHA256: sha256Hex(bytes),
                            handler: right.record)
                session.put(source: BytesSource(bytes), remotePath: remote.file("wrong"), verifySHA256: wrong,
                            handler: mismatched.record)
                return [right, mismatched]
            }
            return (boxes[0], boxes[1], try remote.listing(on: web), hashing)
        }
        #expect(hashing == .exited(setting.hasPrefix("SetEnv") ? 127 : 1), "the host itself cannot hash")
        #expect(right.outcome == .completed(bytes: 1_500_000))
        #expect(mismatched.errorKind == .checksumMismatch)
        if case .failed(let error)? = mismatched.outcome {
            #expect(error.message.contains("is \(sha256Hex(bytes)), the source's is \(wrong)"), "the digest read back: \(error.message)")
        }
        #expect(listing == ["right"], "the checked file only, no temporary file: \(listing)")
    }

    @Test func aGetWithAChecksumArrivesVerified() async throws {
        let (web, remote, local) = (web, RemoteFolder(), try LocalFolder())
        defer { local.remove() }
        let bytes = randomBytes(2_200_000)
        let box = try await onOwnThread { () -> TransferResult in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            _ = try putBytes(bytes, to: remote.file("data"), on: web)
            return try runTransfers(web) { session in
                let box = TransferBox()
                session.get(remotePath: remote.file("data"), localPath: local.file("data"), verifySHA256: true,
                            handler: box.record)
                return [box]
            }[0]
        }
        #expect(box.outcome == .completed(bytes: 2_200_000))
        #expect(FileManager.default.contents(atPath: local.file("data")) == Data(bytes))
        #expect(local.listing() == ["data"])
    }

    /// The host's file changes under a get, after its first bytes have arrived: the
    /// host's digest then differs from the bytes received. The test drives the loop, so
    /// the copy stands still while the first byte is rewritten on the host.
    @Test func aGetWhoseFileChangesUnderItIsAChecksumMismatch() async throws {
        let (web, remote, local) = (web, RemoteFolder(), try LocalFolder())
        defer { local.remove() }
        let bytes = randomBytes(8_000_000)
        let box = try await onOwnThread { () -> TransferResult in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            _ = try putBytes(bytes, to: remote.file("data"), on: web)
            let loop = try SSHEventLoop()
            let session = loop.connect(web)
            let box = TransferBox()
            session.get(remotePath: remote.file("data"), localPath: local.file("data"), verifySHA256: true,
                        handler: box.record)
            _ = loop.run(limit: 30) { box.isDone || box.result.progress.contains { $0.done > 0 } }
            let first = bytes[0] == UInt8(ascii: "X") ? "Y" : "X"
            _ = try runCommands(web, ["printf \(first) | dd of=\(remote.file("data")) bs=1 count=1 conv=notrunc 2>/dev/null"])
            _ = loop.run(limit: 60) { box.isDone }
            return box.result
        }
        #expect(box.errorKind == .checksumMismatch, "\(String(describing: box.outcome))")
        if case .failed(let error)? = box.outcome {
            #expect(error.message.contains(sha256Hex(bytes)), "the digest of the bytes received: \(error.message)")
        }
        #expect(local.listing().isEmpty, "nothing under the final name, no temporary file")
    }

    /// Several big puts on one session's subsystems at once, each followed by a
    /// `sha256sum` channel while the others still write: every byte must arrive.
    @Test func bigPutsInParallelWithChecksumsAllArrive() async throws {
        let (web, remote, local) = (web, RemoteFolder(), try LocalFolder())
        defer { local.remove() }
        let sizes = [12_000_000, 9_000_000, 6_000_000, 3_000_000, 1_000_000, 100_000]
        var digests: [String] = []
        for (index, size) in sizes.enumerated() {
            #expect(FileManager.default.createFile(atPath: local.file("f\(index)"), contents: Data(randomBytes(size))))
            digests.append(try sha256Hex(ofFileAt: local.file("f\(index)")))
        }
        let expected = digests
        let (boxes, sums) = try await onOwnThread { () -> ([TransferResult], String) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let boxes = try runTransfers(web, limit: 120) { session in
                sizes.indices.map { index in
                    let box = TransferBox()
                    let source = try? FileSource(path: local.file("f\(index)"))
                    session.put(source: source ?? BytesSource([]), remotePath: remote.file("f\(index)"),
                                verifySHA256: expected[index], handler: box.record)
                    return box
                }
            }
            return (boxes, try runCommands(web, ["cd \(remote.path) && sha256sum f* | cut -c1-64"]).first?.stdoutText ?? "")
        }
        #expect(boxes.map(\.outcome) == sizes.map { .completed(bytes: UInt64($0)) })
        #expect(sums == expected.map { $0 + "\n" }.joined())
    }
}
