#if canImport(Glibc)
import Glibc
#endif

/// The first bytes of a file (at most `count`, one read), as text; nil when it cannot be
/// opened or is empty. For peeking at a file's kind (a key's header) without parsing it.
/// The corresponding C functions are `open` and `read`.
public func textPrefix(ofFileAt path: String, count: Int) -> String? {
    let fd = retryingOnInterrupt { open(path, O_RDONLY | O_CLOEXEC) }
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: max(0, count))
    let got = retryingOnInterrupt { read(fd, &buffer, buffer.count) }
    return got > 0 ? String(decoding: buffer[..<got], as: UTF8.self) : nil
}
