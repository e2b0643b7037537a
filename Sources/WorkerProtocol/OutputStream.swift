/// Which of a remote command's output streams an `output` frame carries.
///
/// (Named as the protocol names it; code that also imports Foundation, whose
/// `OutputStream` is a class, writes `WorkerProtocol.OutputStream`.)
public enum OutputStream: UInt8, Sendable {
    case stdout = 1
    case stderr = 2
}
