/// What a fake worker does, from its arguments after `__worker` (`key=value` words):
///
///   mode=echo           answer each job: one output line `pid=P host=H`, then exit 0
///   mode=silent         send the output line, then never answer; cancel is honoured
///   mode=ignore-cancel  like silent, and cancel frames are ignored too
///   mode=flood          send `bytes=N` output bytes per job, within the credit window
///   hold=MS             answer (echo) this long after the job arrived
///   die-for=NAME        exit at once, status 3, on a job for the host named NAME
///   deaf-for=NAME       on a job for NAME, close standard input (later frames to it
///                       break) and sleep 20 s without answering, then exit
///   trace=PATH          append `+` to PATH when a job arrives, `-` before its result
///                       (and `over` when the shell says an input stream is over)
///   forge-for=NAME      on a job for NAME, first claim the job before it (another
///                       worker's): output `forged` and a result of exit 0 for it
struct Script {
    enum Mode: String {
        case echo, silent, ignoreCancel = "ignore-cancel", flood
    }

    var mode = Mode.echo
    var holdMillis = 0
    var dieFor: String?
    var deafFor: String?
    var tracePath: String?
    var floodBytes = 0
    var forgeFor: String?

    init(arguments: [String]) {
        for word in arguments {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "mode": mode = Mode(rawValue: parts[1]) ?? .echo
            case "hold": holdMillis = Int(parts[1]) ?? 0
            case "die-for": dieFor = parts[1]
            case "deaf-for": deafFor = parts[1]
            case "trace": tracePath = parts[1]
            case "bytes": floodBytes = Int(parts[1]) ?? 0
            case "forge-for": forgeFor = parts[1]
            default: continue
            }
        }
    }
}
