import Posix
import SSHClient
import WorkerProtocol

// Where each file goes. A put follows `cp -r`: the destination is a folder to copy into
// when it exists as one, ends in `/`, or several things are sent; otherwise it is the new
// name of the one thing sent. A get puts each source under the host's own folder, by its
// own name.

extension HostTransfer {
    /// Fills `folders` and `files` from the shell's walked plan and the destination's
    /// stat; a failure when the destination cannot take them.
    func planPut(_ stat: Result<RemoteFileInfo, SFTPError>) -> JobOutcome? {
        let target = job.destination
        let topLevel = job.sources.filter { !PathBytes.hasSlash($0.relativePath) }
        let isFolder: Bool
        if case .success(let info) = stat { isFolder = info.kind == .directory } else { isFolder = false }
        let into = isFolder || target.hasSuffix("/") || topLevel.count > 1
        switch stat {
        case .failure(let error) where error.kind == .noSuchFile:
            if into { return .failed(kind: "no-such-directory", message: "\(target): no such folder on the host") }
        case .failure(let error):
            return outcome(for: error)
        case .success:
            // Not a folder (a folder means `into`), so it can only be replaced by a file.
            if !isFolder && (into || topLevel.first?.isDirectory == true) {
                return .failed(kind: "not-a-file", message: "\(target) exists and is not a folder")
            }
        }
        for source in job.sources {
            let remote = Self.remotePath(source.relativePath, under: target, into: into)
            if source.isDirectory {
                folders.append((remote, LocalFiles.mode(of: source.path, default: 0o755) | 0o700))
            } else {
                do {
                    let size = try shelf.source(for: source.path).size
                    files.append(PlannedFile(from: source.path, to: remote, size: size, sha256: source.sha256))
                    totalBytes += size
                } catch {
                    return outcome(for: error)
                }
            }
        }
        return nil
    }

    /// `site/css/a.css` under `/srv/`: `/srv/site/css/a.css` when copying into the
    /// folder; `/srv/www/css/a.css` when `/srv/www` is the new name of `site`.
    static func remotePath(_ relative: String, under target: String, into: Bool) -> String {
        if into { return joined(target, relative) }
        guard let rest = PathBytes.afterFirstSlash(relative) else { return target }
        return joined(target, rest)
    }

    static func joined(_ folder: String, _ name: String) -> String {
        if name.isEmpty { return folder }
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// Lists the next remote source; its files and folders join the plan when it arrives.
    func listNextSource() {
        let source = job.sources[listed].path
        wait(for: session.listTree(source) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let tree): ending = ending ?? planGet(source, tree)
            case .failure(let error): ending = ending ?? outcome(for: error)
            }
            listed += 1
            operationFinished()
        })
    }

    /// A remote file lands as `DEST/NAME`; a remote folder (with `-r`) as `DEST/NAME/…`.
    private func planGet(_ source: String, _ tree: RemoteTree) -> JobOutcome? {
        for skipped in tree.skipped { report(.skipped("skipped \(Self.joined(source, skipped.path)): \(skipped.reason)")) }
        let name = Self.lastComponent(source)
        let root = Self.joined(job.destination, name)
        if let only = tree.entries.first, only.relativePath.isEmpty, only.info.kind == .file {
            addFile(from: source, to: root, only.info)
            return nil
        }
        guard job.recursive else {
            return .failed(kind: "not-a-file", message: "\(source) is a folder (use -r to copy folders)")
        }
        if root != job.destination { folders.append((root, 0o755)) }
        for entry in tree.entries where !entry.relativePath.isEmpty {
            guard Self.isSafe(entry.relativePath) else {
                report(.skipped("skipped \(Self.joined(source, entry.relativePath)): not a safe local name"))
                continue
            }
            let local = Self.joined(root, entry.relativePath)
            if entry.info.kind == .directory {
                folders.append((local, (entry.info.mode & 0o777) | 0o700))  // mkdir applies the umask; never sticky
            } else {
                addFile(from: Self.joined(source, entry.relativePath), to: local, entry.info)
            }
        }
        return nil
    }

    private func addFile(from remote: String, to local: String, _ info: RemoteFileInfo) {
        files.append(PlannedFile(from: remote, to: local, size: info.size, sha256: nil))
        totalBytes += info.size
    }

    /// The name a source is saved under: `/var/log/` → `log`. The root, `.` and `..`
    /// have no name of their own: their contents go straight into the host's folder.
    static func lastComponent(_ path: String) -> String {
        let name = PathBytes.lastComponent(path)
        return name == "." || name == ".." ? "" : name
    }

    /// Names come from the server: none may climb out of the host's folder. Split and
    /// compared on bytes (`../\u{301}x` is `..` then `\u{301}x` to the file system).
    static func isSafe(_ relative: String) -> Bool {
        !PathBytes.components(relative).contains { component in
            component.isEmpty || component.utf8.elementsEqual(".".utf8) || component.utf8.elementsEqual("..".utf8)
        }
    }
}
