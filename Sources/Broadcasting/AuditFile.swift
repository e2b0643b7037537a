#if canImport(Glibc)
import Glibc
#endif
import Posix

/// Why the audit trail could not be written, with the path at fault.
struct AuditFileError: Error, CustomStringConvertible {
    let description: String
}

/// The file operations behind `AuditLog`: a private folder and file (0700 and 0600,
/// ours, not symlinks), opened for appending, rotated past a size.
enum AuditFile {
    /// Writes `line` with one `write(2)`, after rotating the file when the line would take
    /// it past `maxBytes`. Bounded: a file renamed by another process meanwhile is
    /// reopened at most three times.
    static func append(_ line: [UInt8], at location: AuditLocation, maxBytes: Int64) throws {
        try prepareFolder(location.folder)
        for _ in 0..<3 {
            let descriptor = try open(location.file)
            defer { close(descriptor) }
            _ = retryingOnInterrupt { flock(descriptor, LOCK_EX) }
            guard let size = stillNamed(location.file, descriptor) else { continue }  // rotated by another process
            if size > 0 && size + Int64(line.count) > maxBytes {
                rotate(location)
                continue
            }
            if let code = writeAll(line, to: descriptor) { throw AuditFileError(description: "\(location.file): \(errnoText(code))") }
            return
        }
        throw AuditFileError(description: "\(location.file) kept being renamed while chorus wrote to it")
    }

    /// Creates the folder (and its parents) 0700 and checks it is a real folder of ours.
    /// The corresponding C functions are `mkdir` and `lstat`.
    static func prepareFolder(_ folder: String) throws {
        if let failure = Folders.make(folder, mode: 0o700), failure.code != 0 {
            throw AuditFileError(description: failure.message)
        }
        var info = stat()
        guard lstat(folder, &info) == 0 else { throw AuditFileError(description: "\(folder): \(errnoText(errno))") }
        try checkOwned(folder, info, kind: S_IFDIR, noun: "a folder")
    }

    /// Opens for appending, creating 0600; refuses a symlink, a file that is not regular
    /// or not ours, and takes group and other bits away from one that had them.
    /// The corresponding C functions are `open`, `fstat` and `fchmod`.
    static func open(_ path: String) throws -> Int32 {
        let descriptor = retryingOnInterrupt { Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard descriptor >= 0 else {
            let code = errno
            throw AuditFileError(description: code == ELOOP ? "\(path) is a symlink" : "\(path): \(errnoText(code))")
        }
        var info = stat()
        do {
            guard fstat(descriptor, &info) == 0 else { throw AuditFileError(description: "\(path): \(errnoText(errno))") }
            try checkOwned(path, info, kind: S_IFREG, noun: "a regular file")
        } catch {
            close(descriptor)
            throw error
        }
        if info.st_mode & 0o077 != 0 { fchmod(descriptor, 0o600) }
        return descriptor
    }

    private static func checkOwned(_ path: String, _ info: stat, kind: mode_t, noun: String) throws {
        if info.st_mode & S_IFMT == S_IFLNK { throw AuditFileError(description: "\(path) is a symlink") }
        guard info.st_mode & S_IFMT == kind else { throw AuditFileError(description: "\(path) is not \(noun)") }
        guard info.st_uid == geteuid() else {
            throw AuditFileError(description: "\(path) is owned by another user (uid \(info.st_uid))")
        }
    }

    /// The file's size when `path` still names the open file, else nil (another process
    /// rotated it after we opened it). The corresponding C functions are `fstat` and `lstat`.
    private static func stillNamed(_ path: String, _ descriptor: Int32) -> Int64? {
        var open = stat(), named = stat()
        guard fstat(descriptor, &open) == 0, lstat(path, &named) == 0,
              open.st_dev == named.st_dev, open.st_ino == named.st_ino else { return nil }
        return Int64(open.st_size)
    }

    /// `audit.jsonl.2` → `.3`, `.1` → `.2`, `audit.jsonl` → `.1`: the oldest beyond
    /// `keptFiles` is overwritten. Called with the live file locked.
    /// The corresponding C function is `rename`.
    private static func rotate(_ location: AuditLocation) {
        for index in stride(from: AuditLocation.keptFiles - 1, through: 0, by: -1) {
            rename(location.file(index), location.file(index + 1))
        }
    }
}
