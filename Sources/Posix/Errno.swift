#if canImport(Glibc)
import Glibc
#endif

/// The words for an errno value, as `strerror` gives them ("No such file or directory").
/// The corresponding C function is `strerror`.
public func errnoText(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }
