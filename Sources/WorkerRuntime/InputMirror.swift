#if canImport(Glibc)
import Glibc
#endif
import CPosixShim
import Posix
import SSHClient
import WorkerProtocol

/// A worker's own copy of an input stream whose bytes arrive in `inputData` frames (a
/// worker on a gateway: the shell's spool is on another machine). It is made in a
/// private folder (0700, file 0600) and unlinked at once, folder and all: only the
/// descriptor holds it, so nothing stays on this machine however the worker ends —
/// `inputFree`, `bye`, a lost connection or `SIGKILL` — and its blocks go with the
/// descriptor. Jobs read it as they read a spool (`pread`, the same `inputTaken`).
final class InputMirror {
    let descriptor: Int32
    /// Bytes written from the start without a gap (frames come in order).
    private(set) var written: UInt64 = 0
    /// Why writing failed, once it has: the stream then ends at `written`.
    private(set) var failure: String?
    /// Blocks below this have been freed.
    private var freed: UInt64 = 0

    /// A new copy in `folder` (`$TMPDIR`, else `/tmp`), or why it cannot be made.
    static func make(in folder: String) -> Result<InputMirror, SSHError> {
        switch PrivateFile.make(in: folder, prefix: "chorus-input", name: "stdin") {
        case .failure(.folder(let reason)):
            return .failure(SSHError(.local, "cannot make a folder for standard input in \(folder): \(reason)"))
        case .failure(.file(let path, let reason)):
            return .failure(SSHError(.local, "cannot make the standard input copy \(path): \(reason)"))
        case .success(let file):
            unlink(file.path)
            rmdir(file.folder)
            return .success(InputMirror(descriptor: file.descriptor))
        }
    }

    private init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Writes bytes of the stream at their offset. The corresponding C function is `pwrite`.
    func write(_ bytes: [UInt8], at offset: UInt64) {
        guard failure == nil else { return }
        guard offset <= written else {
            failure = "standard input arrived with a gap at byte \(written)"
            return
        }
        if let code = writeAll(bytes, to: descriptor, at: Int64(offset)) {
            failure = "cannot keep standard input on this machine: \(errnoText(code))"
            return
        }
        written = max(written, offset + UInt64(bytes.count))
    }

    /// Frees the blocks below `offset` (no job reads there again); the file keeps its
    /// length. The corresponding C function is `fallocate` with `FALLOC_FL_PUNCH_HOLE`.
    func free(below offset: UInt64) {
        let end = min(offset, written)
        guard end > freed else { return }
        // A file system without hole punching keeps the bytes: only the disk use differs.
        _ = cposix_punch_hole(descriptor, Int64(freed), Int64(end - freed))
        freed = end
    }
}

extension Worker {
    /// The stream whose bytes come in frames, made at its first job or first bytes.
    func mirrorStream(_ streamID: UInt32) -> Result<InputStream, SSHError> {
        if let stream = inputStreams[streamID] { return .success(stream) }
        return InputMirror.make(in: temporaryFolder()).map { mirror in
            let stream = InputStream(mirror: mirror)
            inputStreams[streamID] = stream
            return stream
        }
    }

    /// Bytes of a stream for this worker's copy.
    func inputArrived(_ streamID: UInt32, at offset: UInt64, _ bytes: [UInt8]) {
        switch mirrorStream(streamID) {
        case .failure(let error):
            send(.log(level: .error, message: "worker: \(error.message)"))
        case .success(let stream):
            guard let mirror = stream.mirror else {
                return send(.log(level: .warning, message: "worker: input data for stream \(streamID), which is read from a file"))
            }
            let failedBefore = mirror.failure != nil
            mirror.write(bytes, at: offset)
            if let failure = mirror.failure, !failedBefore {
                send(.log(level: .error, message: "worker: \(failure); its commands get it cut short"))
                stream.grew(to: 0, ended: true)
            }
        }
    }

    /// The shell's word that no job reads the stream below `below` again, or (`.max`)
    /// that the stream is over: a copy is freed that far, or closed.
    func inputFreed(_ streamID: UInt32, below: UInt64) {
        guard let stream = inputStreams[streamID] else { return }
        if below == .max {  // a copy closes once its last job (if any still runs) lets go
            inputStreams[streamID] = nil
        } else {
            stream.mirror?.free(below: below)
        }
    }
}
