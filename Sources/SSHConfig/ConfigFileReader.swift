#if canImport(Glibc)
import Glibc
#endif
import Posix

/// Reading one configuration file, with ssh's check of who may have written it.
enum ConfigFileReader {
    enum Outcome {
        case lines([[UInt8]])
        case missing
    }

    /// The file's lines (split on `\n`, as `getline`), or `.missing` when it does not
    /// exist. With `checkPermissions`, refuses a file owned by someone other than the
    /// user or root, or writable by group or others (ssh's `SSHCONF_CHECKPERM`: someone
    /// else could point `ProxyCommand` or `HostName` anywhere). The corresponding C
    /// functions are `open`, `fstat` and `read`.
    static func read(_ path: String, checkPermissions: Bool) throws(SSHConfigError) -> Outcome {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return .missing }
            throw SSHConfigError(file: path, line: nil, message: "cannot read \(path): \(errnoText())")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw SSHConfigError(file: path, line: nil, message: "cannot read \(path): \(errnoText())")
        }
        if checkPermissions, !isTrustedConfiguration(info) {
            throw SSHConfigError(
                file: path, line: nil,
                message: "bad owner or permissions on \(path) "
                    + "(it must belong to you or root and not be writable by group or others)")
        }
        let bytes = try contents(descriptor, path)
        return .lines(bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init))
    }

    /// Every byte of the file; a folder reads as empty, as `getline` fails on it in ssh.
    private static func contents(_ descriptor: Int32, _ path: String) throws(SSHConfigError) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while bytes.count < 64 << 20 {  // bounded: no configuration is 64 MiB
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EISDIR { return [] }
                throw SSHConfigError(file: path, line: nil, message: "cannot read \(path): \(errnoText())")
            }
            bytes += buffer[..<count]
        }
        if bytes.last == 0x0A { bytes.removeLast() }
        return bytes
    }
}
