#if canImport(Glibc)
import Glibc
#endif
import Digests
import FoundationEssentials
import Posix
import WorkerProtocol

/// What a put sends, walked once by the shell before anything runs: every local folder
/// and file, a folder before its contents, each named under the destination by the
/// top-level source's own name (`site/css/a.css`). A missing or unreadable source, or a
/// folder without `-r`, is a usage error: nothing is sent.
///
/// A symlink found inside a folder is left out with a line unless `-L` is given (as
/// `cp -r` and `rsync -r` do): a tree from elsewhere could hold a link to `/etc/shadow`.
/// A source named on the command line is followed, as `cp -H` does: the operator chose it.
package struct LocalTransferPlan {
    package var sources: [TransferJob.Source] = []
    package var files = 0
    package var bytes: UInt64 = 0
    /// Things inside folders left out on purpose (sockets, symlinked folders…).
    package var skipped: [String] = []

    /// Whether symlinks to files inside folders are sent as the files (`-L`).
    package var followLinks = false

    package static func walk(_ paths: [String], recursive: Bool, followLinks: Bool = false) throws(UsageError) -> LocalTransferPlan {
        var plan = LocalTransferPlan()
        plan.followLinks = followLinks
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else { throw UsageError("cannot read \(path): \(errnoText(errno))") }
            let name = try topLevelName(path)
            switch info.st_mode & S_IFMT {
            case S_IFREG: try plan.addFile(path, as: name, size: info.st_size)
            case S_IFDIR:
                guard recursive else { throw UsageError("\(path) is a folder: use -r to copy folders") }
                try plan.addFolder(path, as: name)
            default: throw UsageError("\(path) is not a regular file or folder")
            }
        }
        return plan
    }

    /// The name a top-level source gets under the destination: its last component, or
    /// for `.` and `..` the name of the folder they stand for.
    private static func topLevelName(_ path: String) throws(UsageError) -> String {
        var name = PathBytes.lastComponent(path)
        if name == "." || name == ".." {
            name = URL(fileURLWithPath: path).resolvingSymlinksInPath().lastPathComponent
        }
        guard !name.isEmpty, name != ".", name != ".." else {
            throw UsageError("cannot send \(path) as a whole: name a folder inside it")
        }
        guard !PathBytes.hasControl(name) else {
            throw UsageError("cannot send \(PathBytes.visible(Array(path.utf8))): the name holds a control character")
        }
        return name
    }

    private mutating func addFile(_ path: String, as relative: String, size: off_t) throws(UsageError) {
        guard access(path, R_OK) == 0 else { throw UsageError("cannot read \(path): \(errnoText(errno))") }
        try append(TransferJob.Source(path: path, relativePath: relative))
        files += 1
        bytes += UInt64(max(0, size))
    }

    /// The folder, then what it holds in name order; symlinks to files count as files
    /// with `-L`, and are left out without it.
    private mutating func addFolder(_ path: String, as relative: String) throws(UsageError) {
        try append(TransferJob.Source(path: path, relativePath: relative, isDirectory: true))
        let folder = path.hasSuffix("/") ? path : path + "/"
        let (names, notUTF8) = try Self.names(in: path)
        // Paths travel as UTF-8 text (frames, SFTP); as a get does on the host's side,
        // such a name is left out with a line rather than sent under a garbled name.
        for name in notUTF8 { skipped.append("\(folder)\(PathBytes.visible(Array(name.utf8))): the name is not valid UTF-8") }
        for name in names {
            let (child, childRelative) = (folder + name, relative + "/" + name)
            // Sent as is, such a name would split lines (sha256sum's, ours) or drive the terminal.
            guard !PathBytes.hasControl(name) else {
                skipped.append("\(folder)\(PathBytes.visible(Array(name.utf8))): the name holds a control character")
                continue
            }
            var info = stat()
            guard stat(child, &info) == 0 else {
                skipped.append("\(child): \(errnoText(errno))")
                continue
            }
            var link = stat()
            let isLink = lstat(child, &link) == 0 && link.st_mode & S_IFMT == S_IFLNK
            switch info.st_mode & S_IFMT {
            case S_IFDIR where isLink: skipped.append("\(child): a symlink to a folder (not followed)")
            case _ where isLink && !followLinks: skipped.append("\(child): a symlink (not followed; -L sends the file it points to)")
            case S_IFREG: try addFile(child, as: childRelative, size: info.st_size)
            case S_IFDIR: try addFolder(child, as: childRelative)
            default: skipped.append("\(child): not a regular file or folder")
            }
        }
    }

    private mutating func append(_ source: TransferJob.Source) throws(UsageError) {
        guard sources.count < FrameLimits.maxTransferSources else {
            throw UsageError("too many files and folders to send at once (more than \(FrameLimits.maxTransferSources)); "
                + "send a tar archive instead")
        }
        sources.append(source)
    }

    /// The entries of a folder, without `.` and `..`, sorted so runs are repeatable;
    /// names that are not UTF-8 apart, shown with U+FFFD where a byte is invalid.
    private static func names(in path: String) throws(UsageError) -> (names: [String], notUTF8: [String]) {
        let entries: [[UInt8]]
        do { entries = try Folders.entries(path) } catch { throw UsageError(error.message) }
        var names: [String] = []
        var notUTF8: [String] = []
        for bytes in entries {
            if let name = String(validating: bytes, as: UTF8.self) {
                names.append(name)
            } else {
                notUTF8.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return (names.sorted(), notUTF8.sorted())
    }

    /// Adds each file's SHA-256, read once here however many hosts receive it.
    package mutating func computeChecksums() throws(UsageError) {
        for index in sources.indices where !sources[index].isDirectory {
            do {
                sources[index].sha256 = try sha256Hex(ofFileAt: sources[index].path)
            } catch {
                throw UsageError(error.message)
            }
        }
    }
}

