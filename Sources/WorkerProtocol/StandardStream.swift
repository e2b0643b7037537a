/// Which of a remote command's standard streams an `output` frame carries.
///
/// (Not `OutputStream`: Foundation has a class of that name, and code that imports
/// both would have to spell the module out.)
public enum StandardStream: UInt8, Sendable {
    case stdout = 1
    case stderr = 2
}
