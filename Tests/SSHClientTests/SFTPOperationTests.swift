import Foundation
import LabSupport
import SSHClient
import Testing

/// stat, makeDirectory and listTree against the lab's real sshd (internal-sftp).
@Suite struct SFTPOperationTests {
    let lab: LabManifest
    let web: SSHTarget

    init() throws {
        lab = try Lab.shared().manifest
        web = lab.target(try #require(lab.hosts(inGroup: "web").dropFirst(3).first))
    }

    @Test func statFollowsSymlinksAndSaysWhatIsMissing() async throws {
        let (web, remote) = (web, RemoteFolder())
        let results = try await onOwnThread { () -> [Result<RemoteFileInfo, SFTPError>?] in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            _ = try runCommands(web, ["cd \(remote.path) && printf 'hello\\n' > f && chmod 640 f && touch -d @1600000000 f "
                                      + "&& mkdir d && chmod 751 d && ln -s f lf"])
            return try runOnSession(web) { session in
                ["f", "d", "lf", "missing"].map { name in
                    let slot = Slot<Result<RemoteFileInfo, SFTPError>>()
                    session.stat(remote.file(name), handler: slot.fill)
                    return slot
                }
            }
        }
        let file = try #require(results[0]).get()
        #expect(file.kind == .file)
        #expect(file.size == 6)
        #expect(file.mode == 0o640)
        #expect(file.times?.modified == 1_600_000_000)
        let directory = try #require(results[1]).get()
        #expect(directory.kind == .directory)
        #expect(directory.mode == 0o751)
        let link = try #require(results[2]).get()
        #expect(link == file, "a symlink to a file stats as the file")
        #expect(results[3]?.failureKind == .noSuchFile)
    }

    @Test func makeDirectoryCreatesOnceAndRefusesWhatIsInTheWay() async throws {
        let (web, remote) = (web, RemoteFolder())
        let (results, check) = try await onOwnThread { () -> ([Result<Void, SFTPError>?], String) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            _ = try runCommands(web, ["cd \(remote.path) && mkdir existing && printf x > file"])
            let results = try runOnSession(web) { session in
                ["new", "existing", "file", "missing/child"].map { name in
                    let slot = Slot<Result<Void, SFTPError>>()
                    session.makeDirectory(remote.file(name), mode: 0o750, handler: slot.fill)
                    return slot
                }
            }
            let check = try runCommands(web, ["cd \(remote.path) && stat -c '%n %F %a' new existing file && ls -A"])
            return (results, check.first?.stdoutText ?? "")
        }
        #expect(results.count == 4)
        #expect((try? results[0]?.get()) != nil, "a new directory")
        #expect((try? results[1]?.get()) != nil, "an existing directory is success")
        #expect(results[2]?.failureKind == .notAFile)
        #expect(results[3]?.failureKind == .noSuchDirectory)
        #expect(check == "new directory 750\nexisting directory 755\nfile regular file 644\nexisting\nfile\nnew\n")
    }

    @Test func listTreeWalksDepthFirstAndSkipsWhatItCannotCopy() async throws {
        let (web, remote) = (web, RemoteFolder())
        let (tree, single, missing, tooMany) = try await onOwnThread {
            () -> (Result<RemoteTree, SFTPError>?, Result<RemoteTree, SFTPError>?,
                   Result<RemoteTree, SFTPError>?, Result<RemoteTree, SFTPError>?) in
            try remote.create(on: web)
            defer { remote.remove(on: web) }
            let made = try runCommands(web, [
                "cd \(remote.path) && mkdir -p tree/a/b tree/empty && printf 'deep\\n' > tree/a/b/deep.txt "
                + "&& printf 'one\\n' > tree/a/one.txt && printf 'top file\\n' > tree/top.txt && chmod 600 tree/top.txt "
                + "&& ln -s top.txt tree/link-to-file && ln -s a tree/link-to-dir && ln -s nowhere tree/dangling "
                + "&& mkfifo tree/fifo",
            ])
            guard made.first?.outcome == .exited(0) else { throw HarnessError(description: "fixture: \(made)") }
            let results = try runOnSession(web) { session in
                [("tree", RemoteTree.defaultLimit), ("tree/a/one.txt", RemoteTree.defaultLimit),
                 ("tree/nothing", RemoteTree.defaultLimit), ("tree", 5)].map { path, limit in
                    let slot = Slot<Result<RemoteTree, SFTPError>>()
                    session.listTree(remote.file(path), limit: limit, handler: slot.fill)
                    return slot
                }
            }
            return (results[0], results[1], results[2], results[3])
        }
        let listed = try #require(tree).get()
        #expect(listed.entries.map(\.relativePath) == [
            "a", "a/b", "a/b/deep.txt", "a/one.txt", "empty", "link-to-file", "top.txt",
        ])
        #expect(listed.entries.map(\.info.kind) == [.directory, .directory, .file, .file, .directory, .file, .file])
        #expect(listed.entries.map(\.info.size)[2...3] == [5, 4])
        let link = try #require(listed.entries.first { $0.relativePath == "link-to-file" })
        #expect(link.info.size == 9 && link.info.mode == 0o600, "a symlink to a file is listed as its target")
        #expect(listed.skipped.sorted { $0.path < $1.path } == [
            RemoteTree.Skipped(path: "dangling", reason: "a dangling symlink"),
            RemoteTree.Skipped(path: "fifo", reason: "it is a fifo"),
            RemoteTree.Skipped(path: "link-to-dir", reason: "a symlink to a directory (not followed)"),
        ])
        let file = try #require(single).get()
        #expect(file.entries.map(\.relativePath) == [""])
        #expect(file.entries.first?.info.size == 4)
        #expect(file.skipped.isEmpty)
        #expect(missing?.failureKind == .noSuchFile)
        #expect(tooMany?.failureKind == .remote)
        #expect(tooMany?.failureMessage?.contains("more than 5 names") == true)
    }

    @Test func aCancelledOperationReportsCancelled() async throws {
        let web = web
        let result = try await onOwnThread { () -> Result<RemoteTree, SFTPError>? in
            try runOne(web) { session, slot in
                session.listTree(".", handler: slot.fill).cancel()
            }
        }
        #expect(result?.failureKind == .cancelled)
    }

    @Test func operationsOnAFailedSessionFailAtOnce() async throws {
        var target = web
        target.port = 1  // nothing listens there
        let fixed = target
        let result = try await onOwnThread { () -> Result<RemoteFileInfo, SFTPError>? in
            try runOne(fixed) { session, slot in session.stat(".bashrc", handler: slot.fill) }
        }
        #expect(result?.failureKind == .connectionLost)
    }
}
