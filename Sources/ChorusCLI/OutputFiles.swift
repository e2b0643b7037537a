#if canImport(Glibc)
import Glibc
#endif
import Rendering
import WorkerProtocol

/// `--outdir` / `--errdir` (pssh's): each host's output in DIR/HOST, written as it
/// arrives, byte for byte. A host that printed nothing still gets an empty file, so a
/// script can tell "ran, said nothing" from "never ran".
final class OutputFiles {
    private let outdir: String?
    private let errdir: String?
    private var open: [String: Int32] = [:]

    init(outdir: String?, errdir: String?) throws(UsageError) {
        self.outdir = outdir
        self.errdir = errdir
        for dir in [outdir, errdir].compactMap({ $0 }) {
            if mkdir(dir, 0o755) != 0 && errno != EEXIST {
                throw UsageError("cannot create output folder '\(dir)': \(String(cString: strerror(errno)))")
            }
        }
    }

    deinit { open.values.forEach { Glibc.close($0) } }

    func append(_ bytes: [UInt8], host: String, stream: RenderStream) {
        guard let fd = descriptor(host: host, stream: stream) else { return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Creates the host's (possibly empty) files and closes them.
    func close(host: String) {
        for stream in [RenderStream.stdout, .stderr] {
            if let fd = descriptor(host: host, stream: stream) { Glibc.close(fd) }
            open[key(host, stream)] = nil
        }
    }

    private func descriptor(host: String, stream: RenderStream) -> Int32? {
        guard let dir = stream == .stdout ? outdir : errdir else { return nil }
        if let fd = open[key(host, stream)] { return fd }
        // A host name with a slash would escape the folder; such names are never inventory names.
        let safe = String(host.map { $0 == "/" ? "_" : $0 })
        let fd = Glibc.open("\(dir)/\(safe)", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        open[key(host, stream)] = fd
        return fd
    }

    private func key(_ host: String, _ stream: RenderStream) -> String { "\(stream == .stdout ? "o" : "e")\(host)" }
}
