/// The kind byte that follows a frame's length. Grouped by direction: `0x0_` both ways,
/// `0x1_` shell → worker, `0x2_` worker → shell.
public enum FrameKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case hello = 0x01
    case bye = 0x02
    case log = 0x03
    case openHost = 0x10
    case closeHost = 0x11
    case exec = 0x12
    case cancel = 0x13
    case credit = 0x14
    case transfer = 0x15
    case input = 0x16
    case inputData = 0x17
    case inputFree = 0x18
    case started = 0x20
    case output = 0x21
    case progress = 0x22
    case result = 0x23
    case inputTaken = 0x24

    /// The kind's name as PROTOCOL.md spells it.
    public var description: String {
        switch self {
        case .hello: "hello"
        case .bye: "bye"
        case .log: "log"
        case .openHost: "openHost"
        case .closeHost: "closeHost"
        case .exec: "exec"
        case .cancel: "cancel"
        case .credit: "credit"
        case .transfer: "transfer"
        case .input: "input"
        case .inputData: "inputData"
        case .inputFree: "inputFree"
        case .inputTaken: "inputTaken"
        case .started: "started"
        case .output: "output"
        case .progress: "progress"
        case .result: "result"
        }
    }

    /// Who may send frames of this kind.
    public var sender: Sender {
        switch rawValue >> 4 {
        case 0x1: .shell
        case 0x2: .worker
        default: .either
        }
    }

    /// Who may send a kind of frame.
    public enum Sender: Sendable {
        case shell, worker, either
    }
}
