#if canImport(Glibc)
import Glibc
#endif

/// `path` anchored at the current folder when it is relative. Paths that travel to a
/// worker are made absolute first: a worker lent by the session mux was started in
/// another folder, so `keys/id_ed25519` or `./app.conf` would name another file there.
/// An empty path, or one when the current folder cannot be read, is left as it is.
/// The corresponding C function is `getcwd`.
public func absolutePath(_ path: String) -> String {
    guard !path.isEmpty, !path.hasPrefix("/") else { return path }
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return path }
    let folder = String(cString: buffer)
    return folder == "/" ? "/" + path : folder + "/" + path
}
