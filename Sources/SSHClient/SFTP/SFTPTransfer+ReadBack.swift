import CLibSSH2
import Digests

/// A remote file being read back to be hashed here; the transfer's `file` holds its
/// handle, so a failing transfer closes it as it closes any other.
final class ReadBack {
    var hasher = SHA256()
    var buffer = [UInt8](repeating: 0, count: 1024 * 1024)
    /// Known once the end was read; the handle is closed before it is reported.
    var digest: String?
}

extension SFTPTransfer {
    /// Open → read to the end, hashing → close → report to `remote`.
    /// The corresponding C functions are `libssh2_sftp_open_ex` and `libssh2_sftp_read`.
    func readBack(_ reading: ReadBack, of path: String, for remote: RemoteDigest, _ sftp: SFTPSubsystem) -> Bool {
        if let digest = reading.digest {
            switch closeRemoteFile(sftp) {
            case .again, .busy: return false
            case .done, .failed: remote.readBackEnded(.success(digest))
            }
            return true
        }
        guard let file else {
            let (result, handle) = sftp.open(by: self, path: path, flags: LIBSSH2_FXF_READ, mode: 0)
            switch result {
            case .again, .busy: return false
            case .done where handle != nil: self.file = handle
            case .done: remote.readBackEnded(.failure(SFTPError(.remote, "cannot read back \(path): no handle", path: path)))
            case .failed(let failure): remote.readBackEnded(.failure(SFTPError(failure, doing: "cannot read back", path: path)))
            }
            return true
        }
        let result = sftp.call(by: self) { _ in
            reading.buffer.withUnsafeMutableBytes {
                libssh2_sftp_read(file, $0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count)
            }
        }
        switch result {
        case .again, .busy: return false
        case .done(0): reading.digest = reading.hasher.hexDigest()
        case .done(let n): reading.hasher.update(reading.buffer[..<n])
        case .failed(let failure): remote.readBackEnded(.failure(SFTPError(failure, doing: "cannot read back", path: path)))
        }
        return true
    }
}
