#if canImport(Glibc)
import Glibc
#endif
import Posix
import Rendering
import WorkerProtocol

/// `--outdir` / `--errdir` (pssh's): each host's output in DIR/HOST, written as it
/// arrives, byte for byte. A host that printed nothing still gets an empty file, so a
/// script can tell "ran, said nothing" from "never ran".
///
/// The folder may already exist and be shared, so a file is opened without following
/// a symlink, must be a regular file, and the folder must belong to the user running
/// Chorus. A file that cannot be opened or written is that host's failure
/// (`output-file`), never silently lost output.
package final class OutputFiles {
    private let outdir: String?
    private let errdir: String?
    private var open: [String: Int32] = [:]
    /// The first reason each host's output could not all be kept.
    private var failures: [String: String] = [:]

    package init(outdir: String?, errdir: String?) throws(UsageError) {
        self.outdir = outdir
        self.errdir = errdir
        for dir in [outdir, errdir].compactMap({ $0 }) {
            if mkdir(dir, 0o755) != 0 && errno != EEXIST {
                throw UsageError("cannot create output folder '\(dir)': \(errnoText())")
            }
            try Self.checkOwnFolder(dir)
        }
    }

    deinit { open.values.forEach { Glibc.close($0) } }

    /// Someone else's folder could hold a file or link they chose under a host's name.
    private static func checkOwnFolder(_ dir: String) throws(UsageError) {
        var info = stat()
        guard stat(dir, &info) == 0 else {
            throw UsageError("cannot use output folder '\(dir)': \(errnoText())")
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw UsageError("output folder '\(dir)' is not a folder") }
        guard info.st_uid == geteuid() else {
            throw UsageError("output folder '\(dir)' belongs to another user (uid \(info.st_uid)): use a folder of your own")
        }
    }

    package func append(_ bytes: [UInt8], host: String, stream: StandardStream) {
        guard let fd = descriptor(host: host, stream: stream) else { return }
        if let code = writeAll(bytes, to: fd) {
            giveUp(host, stream, "cannot write \(path(host, stream) ?? host): \(errnoText(code))")
        }
    }

    /// Creates the host's (possibly empty) files and closes them; why some of its output
    /// could not be kept, if so.
    package func close(host: String) -> String? {
        for stream in [StandardStream.stdout, .stderr] {
            if let fd = descriptor(host: host, stream: stream), Glibc.close(fd) != 0 {
                let reason = "cannot write \(path(host, stream) ?? host): \(errnoText())"
                if failures[host] == nil { failures[host] = reason }
            }
            open[key(host, stream)] = nil
        }
        return failures.removeValue(forKey: host)
    }

    private func descriptor(host: String, stream: StandardStream) -> Int32? {
        guard let path = path(host, stream) else { return nil }
        if let fd = open[key(host, stream)] { return fd >= 0 ? fd : nil }
        switch Self.openOwnFile(path) {
        case .success(let fd):
            open[key(host, stream)] = fd
            return fd
        case .failure(let reason):
            open[key(host, stream)] = -1
            if failures[host] == nil { failures[host] = reason.message }
            return nil
        }
    }

    /// Opens (creates or empties) a regular file, never through a symlink. Not
    /// `O_TRUNC` at once: a FIFO or device planted under the name is refused first
    /// (`O_NONBLOCK` so a FIFO cannot hang the open). The corresponding C functions are
    /// `open`, `fstat` and `ftruncate`.
    private static func openOwnFile(_ path: String) -> Result<Int32, OutputFileFailure> {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let code = errno
            let why = code == ELOOP ? "a symlink is in its place (not followed)" : errnoText(code)
            return .failure(OutputFileFailure("cannot open \(path): \(why)"))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            Glibc.close(fd)
            return .failure(OutputFileFailure("cannot open \(path): not a regular file"))
        }
        guard ftruncate(fd, 0) == 0 else {
            let reason = errnoText()
            Glibc.close(fd)
            return .failure(OutputFileFailure("cannot empty \(path): \(reason)"))
        }
        return .success(fd)
    }

    /// Stops writing one stream of a host after a failed write; the reason is kept.
    private func giveUp(_ host: String, _ stream: StandardStream, _ reason: String) {
        if let fd = open[key(host, stream)], fd >= 0 { Glibc.close(fd) }
        open[key(host, stream)] = -1
        if failures[host] == nil { failures[host] = reason }
    }

    private func path(_ host: String, _ stream: StandardStream) -> String? {
        guard let dir = stream == .stdout ? outdir : errdir else { return nil }
        return "\(dir)/\(HostFileName.of(host))"
    }

    private func key(_ host: String, _ stream: StandardStream) -> String { "\(stream == .stdout ? "o" : "e")\(host)" }
}

/// Why a host's output file could not be opened, in words.
package struct OutputFileFailure: Error {
    package let message: String
    package init(_ message: String) { self.message = message }
}
