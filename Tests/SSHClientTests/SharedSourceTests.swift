import Foundation
import LabSupport
import SSHClient
import Testing

/// One file read once for many hosts (`SharedFileSource`), and several SFTP
/// subsystems on one session.
@Suite struct SharedSourceTests {
    let lab: LabManifest

    init() throws {
        lab = try Lab.shared().manifest
    }

    /// A local file of `chunks` chunks of `chunkSize` random bytes.
    private func makeFile(_ local: LocalFolder, chunks: Int, chunkSize: Int) throws -> (String, [UInt8]) {
        let bytes = randomBytes(chunks * chunkSize)
        let path = local.file("source")
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw HarnessError(description: "cannot create \(path)")
        }
        return (path, bytes)
    }

    @Test func readersInStepReadEachChunkOnce() throws {
        let local = try LocalFolder()
        defer { local.remove() }
        let (path, bytes) = try makeFile(local, chunks: 8, chunkSize: 1024)
        let source = try SharedFileSource(path: path, capacity: 4)
        for chunk in 0..<8 {
            for _ in 0..<20 {
                #expect(source.chunk(at: UInt64(chunk * 1024), maxLength: 1024) == Array(bytes[chunk * 1024..<(chunk + 1) * 1024]))
            }
        }
        #expect(source.chunk(at: 8 * 1024, maxLength: 1024) == [])
        #expect(source.readCount == 8)
        #expect(source.cachedChunks <= 4)
    }

    /// Three slow readers a few chunks apart and one reader three times as fast: the
    /// cache keeps what the slow ones are about to read, so they read each chunk from
    /// disk once between them (an LRU cache of the same size would drop those chunks
    /// for the fast reader's, and each slow reader would read most chunks itself).
    @Test func slowReadersKeepTheirChunksWhileAFastOneRunsAhead() throws {
        let local = try LocalFolder()
        defer { local.remove() }
        let chunks = 32
        let (path, bytes) = try makeFile(local, chunks: chunks, chunkSize: 1024)
        let source = try SharedFileSource(path: path, capacity: 6)
        var slow = [4, 2, 0]  // next chunk of each slow reader
        var fast = 0
        func read(_ chunk: Int) {
            let got = source.chunk(at: UInt64(chunk * 1024), maxLength: 1024)
            #expect(got == Array(bytes[chunk * 1024..<(chunk + 1) * 1024]))
        }
        for start in [0, 1, 2, 3] { read(start) }  // the leading slow readers got ahead first
        for start in [0, 1] { read(start) }
        let before = source.readCount
        while slow.contains(where: { $0 < chunks }) {
            for _ in 0..<3 where fast < chunks {
                read(fast)
                fast += 1
            }
            for index in slow.indices where slow[index] < chunks {
                read(slow[index])
                slow[index] += 1
            }
        }
        let fastReads = chunks  // it soon runs beyond what is worth keeping
        #expect(source.readCount - before <= fastReads + chunks, "read \(source.readCount - before) chunks")
    }

    @Test func twentyPutsOfOneFileReadItOnce() async throws {
        let lab = lab
        let hosts = Array(lab.hosts(inGroup: "web").prefix(12) + lab.hosts(inGroup: "db").prefix(8))
        #expect(hosts.count == 20)
        let (remote, local) = (RemoteFolder(), try LocalFolder())
        defer { local.remove() }
        let (path, bytes) = try makeFile(local, chunks: 8, chunkSize: 1024 * 1024)
        let (outcomes, reads, sums) = try await onOwnThread { () -> ([TransferOutcome?], Int, [String]) in
            // Web and cache hosts share the first lab user's home, db hosts the second's.
            let folders = [lab.target(hosts[0]), lab.target(hosts[19])]
            for target in folders { try remote.create(on: target) }
            defer { for target in folders { remote.remove(on: target) } }
            let loop = try SSHEventLoop()
            let source = try SharedFileSource(path: path)
            let boxes = hosts.map { host in
                let box = TransferBox()
                loop.connect(lab.target(host)).put(source: source, remotePath: remote.file(host.name), handler: box.record)
                return box
            }
            _ = loop.run(limit: 120) { boxes.allSatisfy(\.isDone) }
            let sums = try folders.map { target in
                try runCommands(target, ["cd \(remote.path) && sha256sum * | cut -c1-64 | sort -u"]).first?.stdoutText ?? ""
            }
            return (boxes.map(\.result.outcome), source.readCount, sums)
        }
        #expect(outcomes == Array(repeating: .completed(bytes: 8 * 1024 * 1024), count: 20))
        #expect(reads == 8, "20 transfers of 8 chunks read \(reads) chunks from disk")
        #expect(sums == Array(repeating: sha256Hex(bytes) + "\n", count: 2))
    }

    @Test func manySmallFilesToOneHostUseSeveralSubsystems() async throws {
        let target = lab.target(try #require(lab.hosts(inGroup: "web").dropFirst(5).first))
        let remote = RemoteFolder()
        let files = (0..<60).map { _ in randomBytes(4096) }
        let (outcomes, channels, single, sums) = try await onOwnThread { () -> ([TransferOutcome?], Int, Int, String) in
            try remote.create(on: target)
            defer { remote.remove(on: target) }
            let loop = try SSHEventLoop()
            let session = loop.connect(target)
            let boxes = files.indices.map { index in
                let box = TransferBox()
                session.put(source: BytesSource(files[index]), remotePath: remote.file("f\(index)"), handler: box.record)
                return box
            }
            _ = loop.run(limit: 60) { boxes.allSatisfy(\.isDone) }
            // A session limited to one subsystem still sends, on one channel.
            let narrow = loop.connect(target)
            narrow.sftpChannelLimit = 1
            let extra = (0..<3).map { index in
                let box = TransferBox()
                narrow.put(source: BytesSource(files[index]), remotePath: remote.file("g\(index)"), handler: box.record)
                return box
            }
            _ = loop.run(limit: 60) { extra.allSatisfy(\.isDone) }
            let sums = try runCommands(target, ["cd \(remote.path) && for f in $(ls | sort -V); do sha256sum $f; done | cut -c1-64"])
            return ((boxes + extra).map(\.result.outcome), session.sftpChannelsMostOpen, narrow.sftpChannelsMostOpen,
                    sums.first?.stdoutText ?? "")
        }
        #expect(outcomes == Array(repeating: .completed(bytes: 4096), count: 63))
        #expect(channels == 4)
        #expect(single == 1)
        let expected = files.map(sha256Hex) + files.prefix(3).map(sha256Hex)
        #expect(sums == expected.map { $0 + "\n" }.joined())
    }

    /// The lab's sshd runs `internal-sftp`: each subsystem is a child of the
    /// connection's sshd process, as is a command on the same session, so the command
    /// counts its siblings.
    @Test func extraSubsystemsCloseWhenTheWorkIsDoneAndOpenAgainForMore() async throws {
        let target = lab.target(try #require(lab.hosts(inGroup: "web").dropFirst(7).first))
        let remote = RemoteFolder()
        let files = (0..<24).map { _ in randomBytes(4096) }
        let countSubsystems = "i=0; while [ $i -lt 50 ]; do n=$(ps --ppid $PPID -o args= | grep -c '[i]nternal-sftp');"
            + " [ \"$n\" -le 1 ] && break; i=$((i+1)); sleep 0.1; done; echo $n"
        let (first, kept, onHost, second, mostOpen) = try await onOwnThread {
            () -> ([TransferOutcome?], Int, String, [TransferOutcome?], Int) in
            try remote.create(on: target)
            defer { remote.remove(on: target) }
            let loop = try SSHEventLoop()
            let session = loop.connect(target)
            let put = { (range: Range<Int>) -> [TransferBox] in
                range.map { index in
                    let box = TransferBox()
                    session.put(source: BytesSource(files[index]), remotePath: remote.file("f\(index)"), handler: box.record)
                    return box
                }
            }
            let firstBoxes = put(0..<12)
            _ = loop.run(limit: 60) { firstBoxes.allSatisfy(\.isDone) }
            let kept = session.sftpChannelCount
            let check = ResultBox()
            session.exec(countSubsystems, handler: check.record)
            _ = loop.run(limit: 30) { check.isDone }
            let secondBoxes = put(12..<24)
            _ = loop.run(limit: 60) { secondBoxes.allSatisfy(\.isDone) }
            return (firstBoxes.map(\.result.outcome), kept, check.result.stdoutText, secondBoxes.map(\.result.outcome),
                    session.sftpChannelsMostOpen)
        }
        #expect(first == Array(repeating: .completed(bytes: 4096), count: 12))
        #expect(kept == 1, "one subsystem is kept for later work")
        #expect(onHost == "1\n", "the host runs one SFTP server for the session, not four")
        #expect(second == Array(repeating: .completed(bytes: 4096), count: 12))
        #expect(mostOpen == 4)
    }

    /// The lab's sshd allows 100 channels per connection (`MaxSessions`): with 98
    /// commands running, the third subsystem is refused, and the work meant for it
    /// goes to the two that opened.
    @Test func aServerThatRefusesMoreChannelsCapsThePool() async throws {
        let target = lab.target(try #require(lab.hosts(inGroup: "web").dropFirst(6).first))
        let remote = RemoteFolder()
        let files = (0..<8).map { _ in randomBytes(2048) }
        let (started, outcomes, channels, sums) = try await onOwnThread { () -> (Int, [TransferOutcome?], Int, String) in
            try remote.create(on: target)
            defer { remote.remove(on: target) }
            let loop = try SSHEventLoop()
            let session = loop.connect(target)
            let sleepers = (0..<98).map { _ in
                let box = ResultBox()
                session.exec("echo up; sleep 5", handler: box.record)
                return box
            }
            _ = loop.run(limit: 60) { sleepers.allSatisfy { $0.result.stdoutText == "up\n" } }
            let started = sleepers.count { $0.result.stdoutText == "up\n" && $0.result.outcome == nil }
            let boxes = files.indices.map { index in
                let box = TransferBox()
                session.put(source: BytesSource(files[index]), remotePath: remote.file("f\(index)"), handler: box.record)
                return box
            }
            _ = loop.run(limit: 60) { boxes.allSatisfy(\.isDone) }
            let channels = session.sftpChannelsMostOpen
            _ = loop.run(limit: 30) { sleepers.allSatisfy(\.isDone) }
            let sums = try runCommands(target, ["cd \(remote.path) && for f in $(ls | sort -V); do sha256sum $f; done | cut -c1-64"])
            return (started, boxes.map(\.result.outcome), channels, sums.first?.stdoutText ?? "")
        }
        #expect(started == 98)
        #expect(outcomes == Array(repeating: .completed(bytes: 2048), count: 8))
        #expect(channels == 2)
        #expect(sums == files.map { sha256Hex($0) + "\n" }.joined())
    }
}
