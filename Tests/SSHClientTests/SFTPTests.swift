import Foundation
import LabSupport
import SSHClient
import Testing

/// SFTP put and get against the lab's real sshd (internal-sftp, protocol 3).
@Suite struct SFTPTests {
    let lab: LabManifest
    let web: SSHTarget

    init() throws {
        lab = try Lab.shared().manifest
        web = lab.target(try #require(lab.hosts(inGroup: "web").first))
    }

    @Test func megabytesOfRandomBytesGoThereAndBackUnchanged() async throws {
        let (web, remote, local) = (web, RemoteFolder(), try LocalFolder())
        defer { local.remove() }
        let bytes = randomBytes(3_500_000)
        let (put, get, remoteSum) = try await onOwnThread { () -> (TransferResult, TransferResult, String) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let put = try putBytes(bytes, to: remote.file("data.bin"), on: web)
            let get = try getFile(remote.file("data.bin"), to: local.file("data.bin"), on: web)
            let sum = try runCommands(web, ["sha256sum \(remote.file("data.bin"))"]).first?.stdoutText ?? ""
            return (put, get, String(sum.prefix(64)))
        }
        #expect(put.outcome == .completed(bytes: 3_500_000))
        #expect(get.outcome == .completed(bytes: 3_500_000))
        #expect(FileManager.default.contents(atPath: local.file("data.bin")) == Data(bytes))
        #expect(try localSHA256(local.file("data.bin")) == remoteSum)
        #expect(local.listing() == ["data.bin"], "no temporary file is left beside it")
        for box in [put, get] {
            #expect(box.progress.last?.done == 3_500_000)
            #expect(box.progress.last?.total == 3_500_000)
            #expect(zip(box.progress, box.progress.dropFirst()).allSatisfy { $0.done <= $1.done })
        }
    }

    @Test func anEmptyFileArrivesEmpty() async throws {
        let (web, remote, local) = (web, RemoteFolder(), try LocalFolder())
        defer { local.remove() }
        let (put, get, size) = try await onOwnThread { () -> (TransferResult, TransferResult, String) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let put = try putBytes([], to: remote.file("empty"), on: web)
            let get = try getFile(remote.file("empty"), to: local.file("empty"), on: web)
            return (put, get, try runCommands(web, ["stat -c %s \(remote.file("empty"))"]).first?.stdoutText ?? "")
        }
        #expect(put.outcome == .completed(bytes: 0))
        #expect(get.outcome == .completed(bytes: 0))
        #expect(size == "0\n")
        #expect(FileManager.default.contents(atPath: local.file("empty")) == Data())
    }

    @Test func theModeIsKeptBothWays() async throws {
        let (web, remote, local) = (web, RemoteFolder(), try LocalFolder())
        defer { local.remove() }
        let (put, get, mode) = try await onOwnThread { () -> (TransferResult, TransferResult, String) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let put = try putBytes(Array("#!/bin/sh\n".utf8), to: remote.file("tool"), on: web, mode: 0o750)
            let get = try getFile(remote.file("tool"), to: local.file("tool"), on: web)
            return (put, get, try runCommands(web, ["stat -c %a \(remote.file("tool"))"]).first?.stdoutText ?? "")
        }
        #expect(put.outcome == .completed(bytes: 10))
        #expect(get.outcome == .completed(bytes: 10))
        #expect(mode == "750\n")
        let attributes = try FileManager.default.attributesOfItem(atPath: local.file("tool"))
        #expect((attributes[.posixPermissions] as? Int) == 0o750)
    }

    @Test func aPutReplacesAnExistingFileAndLeavesNoTemporaryFile() async throws {
        let (web, remote) = (web, RemoteFolder())
        let (first, second, content, listing) = try await onOwnThread {
            () -> (TransferResult, TransferResult, String, [String]) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let first = try putBytes(Array("old\n".utf8), to: remote.file("config"), on: web)
            let second = try putBytes(Array("new contents\n".utf8), to: remote.file("config"), on: web, mode: 0o600)
            let content = try runCommands(web, ["cat \(remote.file("config")); stat -c %a \(remote.file("config"))"])
            return (first, second, content.first?.stdoutText ?? "", try remote.listing(on: web))
        }
        #expect(first.outcome == .completed(bytes: 4))
        #expect(second.outcome == .completed(bytes: 13))
        #expect(content == "new contents\n600\n")
        #expect(listing == ["config"])
    }

    @Test func aPutOntoADirectoryDoesNotMoveTheFileIntoIt() async throws {
        let (web, remote) = (web, RemoteFolder())
        let (box, listing) = try await onOwnThread { () -> (TransferResult, String) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            _ = try runCommands(web, ["mkdir \(remote.file("target"))"])
            let box = try putBytes([1, 2, 3], to: remote.file("target"), on: web)
            return (box, try runCommands(web, ["cd \(remote.path) && ls -AR"]).first?.stdoutText ?? "")
        }
        #expect(box.errorKind == .notAFile)
        #expect(listing == ".:\ntarget\n\n./target:\n", "nothing inside, no temporary file beside it")
    }

    @Test func aMissingRemoteFolderIsSaidPlainly() async throws {
        let (web, remote) = (web, RemoteFolder())
        let box = try await onOwnThread { try putBytes([1, 2, 3], to: remote.file("no/such/file"), on: web) }
        #expect(box.errorKind == .noSuchDirectory)
        if case .failed(let error)? = box.outcome {
            #expect(error.message == "cannot create a file in \(remote.path)/no/such/: no such directory")
        }
    }

    @Test func aReadOnlyTargetIsPermissionDenied() async throws {
        let web = web
        let boxes = try await onOwnThread {
            try runTransfers(web) { session in
                ["/chorus-forbidden", "/proc/chorus-forbidden"].map { path in
                    let box = TransferBox()
                    session.put(source: BytesSource([1]), remotePath: path, handler: box.record)
                    return box
                }
            }
        }
        #expect(boxes.map(\.errorKind) == [.permissionDenied, .permissionDenied])
    }

    @Test func gettingAMissingFileIsNoSuchFileAndLeavesNothingLocally() async throws {
        let (web, local) = (web, try LocalFolder())
        defer { local.remove() }
        let box = try await onOwnThread { try getFile("chorus-no-such-file-\(UUID().uuidString)", to: local.file("x"), on: web) }
        #expect(box.errorKind == .noSuchFile)
        #expect(local.listing().isEmpty)
    }

    @Test func gettingIntoAMissingLocalFolderIsNoSuchDirectory() async throws {
        let (web, local) = (web, try LocalFolder())
        defer { local.remove() }
        let box = try await onOwnThread { try getFile(".bashrc", to: local.file("missing/x"), on: web) }
        #expect(box.errorKind == .noSuchDirectory)
    }

    @Test func anUnreadableLocalFileIsLocalUnreadable() throws {
        #expect(throws: SFTPError.self) { try FileSource(path: "/nonexistent/chorus-file") }
        do {
            _ = try FileSource(path: "/nonexistent/chorus-file")
        } catch {
            #expect(error.kind == .localUnreadable)
        }
    }

    @Test func aPutCancelledHalfwayLeavesNoFileAtAll() async throws {
        let (web, remote) = (web, RemoteFolder())
        let bytes = randomBytes(24_000_000)
        let (box, listing) = try await onOwnThread { () -> (TransferResult, [String]) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let box = try runTransfers(web) { session in
                let box = TransferBox()
                let transfer = session.put(source: BytesSource(bytes), remotePath: remote.file("big"), handler: box.record)
                box.onProgress = { [weak transfer] done, total in if done * 2 >= total ?? .max { transfer?.cancel() } }
                return [box]
            }[0]
            return (box, try remote.listing(on: web))
        }
        #expect(box.outcome == .cancelled)
        #expect((box.progress.last?.done ?? 0) < 24_000_000)
        #expect(listing.isEmpty, "no final and no temporary file: \(listing)")
    }

    @Test func aFileSourceFeedsManyTransfersOnOneSession() async throws {
        let (web, remote, local) = (web, RemoteFolder(), try LocalFolder())
        defer { local.remove() }
        let bytes = randomBytes(2_000_000)
        #expect(FileManager.default.createFile(atPath: local.file("source"), contents: Data(bytes)))
        let (boxes, sums) = try await onOwnThread { () -> ([TransferResult], String) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let source = try FileSource(path: local.file("source"))
            let boxes = try runTransfers(web) { session in
                (0..<4).map { index in
                    let box = TransferBox()
                    session.put(source: source, remotePath: remote.file("copy\(index)"), mode: source.mode, handler: box.record)
                    return box
                }
            }
            return (boxes, try runCommands(web, ["cd \(remote.path) && sha256sum copy* | cut -c1-64 | sort -u"]).first?.stdoutText ?? "")
        }
        #expect(boxes.map(\.outcome) == Array(repeating: .completed(bytes: 2_000_000), count: 4))
        #expect(sums == (try localSHA256(local.file("source"))) + "\n")
    }

    @Test func twentyHostsOnOneLoopEachReceiveTheSameFile() async throws {
        let lab = lab
        let hosts = Array(lab.hosts(inGroup: "web").prefix(12) + lab.hosts(inGroup: "db").prefix(8))
        #expect(hosts.count == 20)
        let remote = RemoteFolder()
        let bytes = randomBytes(1_500_000)
        let expected = try await onOwnThread { () -> [String: TransferOutcome?] in
            // Web and cache hosts share the first lab user's home, db hosts the second's.
            let folders = [lab.target(hosts[0]), lab.target(hosts[19])]
            for target in folders { try remote.create(on: target) }
            let loop = try SSHEventLoop()
            let source = BytesSource(bytes)
            var boxes: [String: TransferBox] = [:]
            for host in hosts {
                let box = TransferBox()
                loop.connect(lab.target(host)).put(source: source, remotePath: remote.file(host.name), handler: box.record)
                boxes[host.name] = box
            }
            _ = loop.run(limit: 90) { boxes.values.allSatisfy(\.isDone) }
            return boxes.mapValues(\.result.outcome)
        }
        let sums = try await onOwnThread { () -> [String] in
            let targets = [lab.target(hosts[0]), lab.target(hosts[19])]
            defer { for target in targets { remote.remove(on: target) } }
            return try targets.map { target in
                try runCommands(target, ["cd \(remote.path) && ls -A | wc -l && sha256sum * | cut -c1-64 | sort -u"]).first?.stdoutText ?? ""
            }
        }
        for host in hosts {
            #expect(expected[host.name] == .completed(bytes: 1_500_000), "\(host.name)")
        }
        let sum = sha256Hex(bytes)
        #expect(sums == ["12\n\(sum)\n", "8\n\(sum)\n"])
    }
}

/// `sha256sum`'s hex digest of bytes in memory.
func sha256Hex(_ bytes: [UInt8]) -> String {
    let path = NSTemporaryDirectory() + "chorus-sum-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: path) }
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return (try? localSHA256(path)) ?? ""
}
