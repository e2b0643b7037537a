import CLibSSH2
import Posix

/// A recursive listing (`SSHSession.listTree`): stat the root, then read one directory
/// at a time, stat the symlinks each directory holds, and put the entries in order at
/// the end. The corresponding C functions are `libssh2_sftp_stat_ex`,
/// `libssh2_sftp_open_ex` (`LIBSSH2_SFTP_OPENDIR`), `libssh2_sftp_readdir_ex` and
/// `libssh2_sftp_close_handle`.
final class TreeWalk: OperationBody {
    private enum Phase {
        case statRoot
        /// Opening the directory at this relative path.
        case opening(String)
        /// Reading the open directory at this relative path.
        case reading(String)
        case closing
        /// Following `links`, the last one first.
        case resolving
    }

    let root: String
    let limit: Int
    let reply: Reply<RemoteTree>
    private var phase = Phase.statRoot
    /// The open directory, if any (closed before moving on or stopping).
    private var handle: OpaquePointer?
    /// Directories found and not yet read (relative paths).
    private var unread: [String] = []
    /// Symlinks found in the directory just read, to stat.
    private var links: [String] = []
    /// Each directory's entries (by relative path; "" is the root).
    private var children: [String: [RemoteEntry]] = [:]
    private var skipped: [RemoteTree.Skipped] = []
    private var names = 0
    private var stopping: SFTPError?
    private var nameBuffer = [UInt8](repeating: 0, count: 16 * 1024)

    init(root: String, limit: Int, reply: Reply<RemoteTree>) {
        self.root = root
        self.limit = limit
        self.reply = reply
    }

    var isDone: Bool { reply.isDone }
    var failure: SFTPError? { reply.failure }

    func stop(_ error: SFTPError) {
        if stopping == nil { stopping = error }
    }

    func abandon(_ error: SFTPError) {
        handle = nil  // freed with the session
        reply.send(.failure(error))
    }

    func step(_ owner: SFTPOperation, _ sftp: SFTPSubsystem) -> Bool {
        if let stopping { return closeThenReport(stopping, owner, sftp) }
        switch phase {
        case .statRoot: return statRoot(owner, sftp)
        case .opening(let directory): return open(directory, owner, sftp)
        case .reading(let directory): return read(directory, owner, sftp)
        case .closing: return closeDirectory(owner, sftp)
        case .resolving: return resolveLink(owner, sftp)
        }
    }

    private func statRoot(_ owner: SFTPOperation, _ sftp: SFTPSubsystem) -> Bool {
        switch sftp.stat(by: owner, path: root) {
        case (.again, _), (.busy, _): return false
        case (.failed(let failure), _): reply.send(.failure(SFTPError(failure, doing: "cannot list", path: root)))
        case (.done, let attributes):
            let info = RemoteFileInfo(attributes)
            switch info.kind {
            case .file: reply.send(.success(RemoteTree(entries: [RemoteEntry(relativePath: "", info: info)], skipped: [])))
            case .directory:
                unread = [""]
                moveOn()
            case .symlink, .other:
                reply.send(.failure(SFTPError(.notAFile, "cannot list \(root): not a file or directory", path: root)))
            }
        }
        return true
    }

    private func open(_ directory: String, _ owner: SFTPOperation, _ sftp: SFTPSubsystem) -> Bool {
        let path = remote(directory)
        let (result, opened) = sftp.open(by: owner, path: path, flags: 0, mode: 0, type: LIBSSH2_SFTP_OPENDIR)
        switch result {
        case .again, .busy: return false
        case .done where opened != nil:
            handle = opened
            phase = .reading(directory)
        case .done, .failed:
            let error = result.failure.map { SFTPError($0, doing: "cannot list", path: path) }
                ?? SFTPError(.remote, "cannot list \(path): no handle", path: path)
            if directory.isEmpty || error.kind == .connectionLost {
                reply.send(.failure(error))
            } else {
                skipped.append(.init(path: directory, reason: "cannot be listed: \(Self.reason(error))"))
                moveOn()
            }
        }
        return true
    }

    /// One `libssh2_sftp_readdir_ex` (libssh2 fetches names in batches, so most calls
    /// answer at once); 0 = the end of the directory.
    private func read(_ directory: String, _ owner: SFTPOperation, _ sftp: SFTPSubsystem) -> Bool {
        guard let handle else { return false }
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        let result = sftp.call(by: owner) { _ in
            nameBuffer.withUnsafeMutableBytes {
                Int(libssh2_sftp_readdir_ex(handle, $0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count,
                                            nil, 0, &attributes))
            }
        }
        switch result {
        case .again, .busy: return false
        case .done(0): phase = .closing
        case .done(let length): add(Array(nameBuffer[..<length]), in: directory, attributes)
        case .failed(let failure):
            let error = SFTPError(failure, doing: "cannot list", path: remote(directory))
            if directory.isEmpty || error.kind == .connectionLost {
                stop(error)
            } else {
                skipped.append(.init(path: directory, reason: "listing stopped: \(Self.reason(error))"))
                phase = .closing
            }
        }
        return true
    }

    /// Sorts one name into entries, directories to read, links to follow, or skipped.
    private func add(_ name: [UInt8], in directory: String, _ attributes: LIBSSH2_SFTP_ATTRIBUTES) {
        guard name != [UInt8(ascii: ".")], name != [UInt8(ascii: "."), UInt8(ascii: ".")] else { return }
        names += 1
        guard names <= limit else {
            return stop(SFTPError(.remote, "cannot list \(root): more than \(limit) names under it", path: root))
        }
        if let reason = Self.refusal(of: name) {
            skipped.append(.init(path: Self.join(directory, PathBytes.visible(name)), reason: reason))
            return
        }
        guard let text = String(validating: name, as: UTF8.self) else {
            let shown = String(decoding: name, as: UTF8.self)
            skipped.append(.init(path: Self.join(directory, shown), reason: "the name is not valid UTF-8"))
            return
        }
        let path = Self.join(directory, text)
        let info = RemoteFileInfo(attributes)
        switch info.kind {
        case .directory:
            children[directory, default: []].append(RemoteEntry(relativePath: path, info: info))
            unread.append(path)
        case .file: children[directory, default: []].append(RemoteEntry(relativePath: path, info: info))
        case .symlink: links.append(path)
        case .other: skipped.append(.init(path: path, reason: "it is \(RemoteFileInfo.typeName(attributes))"))
        }
    }

    private func closeDirectory(_ owner: SFTPOperation, _ sftp: SFTPSubsystem) -> Bool {
        guard let open = handle else {
            moveOn()
            return true
        }
        switch sftp.close(by: owner, open) {
        case .again, .busy: return false
        case .done, .failed:  // a failed close still frees the handle in libssh2
            handle = nil
            moveOn()
        }
        return true
    }

    /// A symlink to a regular file is listed as the file; anything else is skipped.
    private func resolveLink(_ owner: SFTPOperation, _ sftp: SFTPSubsystem) -> Bool {
        guard let link = links.last else {
            moveOn()
            return true
        }
        let result = sftp.stat(by: owner, path: remote(link))
        switch result {
        case (.again, _), (.busy, _): return false
        case (.failed(let failure), _):
            let error = SFTPError(failure, doing: "cannot follow", path: remote(link))
            if error.kind == .connectionLost { stop(error); return true }
            let reason = error.kind == .noSuchFile ? "a dangling symlink" : "a symlink that cannot be followed: \(Self.reason(error))"
            skipped.append(.init(path: link, reason: reason))
        case (.done, let attributes):
            let info = RemoteFileInfo(attributes)
            switch info.kind {
            case .file: children[Self.parent(of: link), default: []].append(RemoteEntry(relativePath: link, info: info))
            case .directory: skipped.append(.init(path: link, reason: "a symlink to a directory (not followed)"))
            case .symlink, .other:
                skipped.append(.init(path: link, reason: "a symlink to \(RemoteFileInfo.typeName(attributes))"))
            }
        }
        links.removeLast()
        return true
    }

    /// Links first, then the next directory, then the answer.
    private func moveOn() {
        if !links.isEmpty {
            phase = .resolving
        } else if let next = unread.popLast() {
            phase = .opening(next)
        } else {
            reply.send(.success(RemoteTree(entries: ordered(), skipped: skipped)))
        }
    }

    /// A cancel or failure: close the open directory (best effort), then report.
    private func closeThenReport(_ error: SFTPError, _ owner: SFTPOperation, _ sftp: SFTPSubsystem) -> Bool {
        if let open = handle {
            switch sftp.close(by: owner, open) {
            case .again, .busy: return false
            case .done, .failed: handle = nil
            }
        }
        reply.send(.failure(error))
        return true
    }

    /// Depth first, names sorted: every directory comes before what is inside it.
    private func ordered() -> [RemoteEntry] {
        func sorted(_ directory: String) -> ArraySlice<RemoteEntry> {
            (children[directory] ?? []).sorted { $0.relativePath < $1.relativePath }[...]
        }
        var entries: [RemoteEntry] = []
        var stack = [sorted("")]
        while let top = stack.last {
            guard let entry = top.first else {
                stack.removeLast()
                continue
            }
            stack[stack.count - 1] = top.dropFirst()
            entries.append(entry)
            if entry.info.kind == .directory { stack.append(sorted(entry.relativePath)) }
        }
        return entries
    }

    /// The remote path of an entry ("" is the root itself).
    private func remote(_ relative: String) -> String {
        if relative.isEmpty { return root }
        return root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    /// A name no file may take here: a `/` (a server that sends one is lying about its
    /// directory), or a control byte (NUL, newline, escape…; see
    /// `PathBytes.isControl`).
    static func refusal(of name: [UInt8]) -> String? {
        if name.contains(UInt8(ascii: "/")) { return "the name holds a '/'" }
        if name.contains(where: PathBytes.isControl) { return "the name holds a control character" }
        return nil
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : directory + "/" + name
    }

    static func parent(of path: String) -> String {
        SFTPTransfer.split(path).folder.dropLast().description
    }

    /// The error's words without the "cannot list PATH: " part the skipped entry's
    /// path already says.
    static func reason(_ error: SFTPError) -> String {
        error.message.split(separator: ": ", maxSplits: 1).last.map(String.init) ?? error.message
    }
}

extension SFTPCall {
    var failure: SFTPFailure? {
        if case .failed(let failure) = self { return failure }
        return nil
    }
}
