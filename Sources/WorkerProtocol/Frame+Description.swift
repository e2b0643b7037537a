/// Descriptions safe to log: secrets show as `<redacted>` and output as a byte count,
/// never its contents. `dump(frame)` shows the same text (the mirror has no children
/// holding bytes or secrets).
extension Frame: CustomStringConvertible, CustomReflectable {
    public var description: String {
        switch self {
        case .hello(let hello): "hello(\(hello))"
        case .openHost(let spec): "openHost(\(spec))"
        case .closeHost(let hostID): "closeHost(host \(hostID))"
        case .exec(let job): "exec(\(job))"
        case .transfer(let job): "transfer(job \(job.jobID), host \(job.hostID), \(job.direction), \(job.sources.count) sources → \(quoted(job.destination)))"
        case .cancel(let jobID, let timedOut): "cancel(job \(jobID)\(timedOut ? ", timed out" : ""))"
        case .credit(let jobID, let bytes): "credit(job \(jobID), \(bytes) bytes)"
        case .input(let streamID, let length, let ended): "input(stream \(streamID), \(length) bytes\(ended ? ", ended" : ""))"
        case .inputData(let streamID, let offset, let bytes): "inputData(stream \(streamID), \(bytes.count) bytes at \(offset))"
        case .inputFree(let streamID, let below): "inputFree(stream \(streamID), \(below == .max ? "over" : "below \(below)"))"
        case .inputTaken(let streamID, let offset, let jobs): "inputTaken(stream \(streamID), \(offset) bytes, \(jobs) jobs)"
        case .started(let jobID): "started(job \(jobID))"
        case .output(let jobID, let stream, let bytes): "output(job \(jobID), \(stream), \(bytes.count) bytes)"
        case .progress(let jobID, let done, let total): "progress(job \(jobID), \(done)/\(total) bytes)"
        case .result(let result): "result(\(result))"
        case .log(let level, let message): "log(\(level), \(quoted(message)))"
        case .bye: "bye"
        }
    }

    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

extension Hello: CustomStringConvertible {
    public var description: String { "version \(version), \(role), \(quoted(software))" }
}

extension HostSpec: CustomStringConvertible, CustomReflectable {
    public var description: String {
        let methods = auth.map(\.description).joined(separator: ", ")
        return "host \(hostID) \(quoted(name)) \(quoted(username))@\(quoted(hostname)):\(port), auth [\(methods)], "
            + "known hosts \(quoted(knownHostsPath)), \(hostKeyPolicy), connect timeout \(connectTimeoutMillis) ms, "
            + "keepalive \(keepaliveSeconds) s"
            + (jumps.isEmpty ? "" : ", via [\(jumps.map(\.description).joined(separator: "; "))]")
    }

    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

extension JumpSpec: CustomStringConvertible, CustomReflectable {
    public var description: String {
        let methods = auth.map(\.description).joined(separator: ", ")
        return "bastion \(quoted(name)) \(quoted(username))@\(quoted(hostname)):\(port), auth [\(methods)], "
            + "known hosts \(quoted(knownHostsPath)), \(hostKeyPolicy), connect timeout \(connectTimeoutMillis) ms, "
            + "keepalive \(keepaliveSeconds) s"
    }

    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

extension AuthSpec: CustomStringConvertible, CustomReflectable {
    public var description: String {
        switch self {
        case .password: "password <redacted>"
        case .keyFile(let path, nil): "key \(quoted(path))"
        case .keyFile(let path, _?): "key \(quoted(path)) with passphrase <redacted>"
        case .agent(let socket): socket.map { "agent \(quoted($0))" } ?? "agent"
        case .keyData(let name, _, nil): "key \(quoted(name)) contents <redacted>"
        case .keyData(let name, _, _?): "key \(quoted(name)) contents <redacted> with passphrase <redacted>"
        }
    }

    public var customMirror: Mirror { Mirror(self, children: ["description": description]) }
}

extension HostKeyPolicy: CustomStringConvertible {
    /// The `--host-key-policy` spelling.
    public var description: String {
        switch self {
        case .strict: "strict"
        case .acceptNew: "accept-new"
        case .off: "off"
        }
    }
}

extension ExecJob: CustomStringConvertible {
    public var description: String {
        let timeout = timeoutMillis == 0 ? "" : ", timeout \(timeoutMillis) ms"
        let input = (input.map { ", input stream \($0.streamID) from \(quoted($0.path))" } ?? "")
            + (sudo.map { ", sudo\($0.password == nil ? "" : " with a password")" } ?? "")
        return "job \(jobID) on host \(hostID)\(pty ? ", pty" : "")\(timeout)\(input): \(quoted(command))"
    }
}

extension JobResult: CustomStringConvertible {
    public var description: String { "job \(jobID) \(outcome) after \(durationMillis) ms" }
}

extension JobOutcome: CustomStringConvertible {
    public var description: String {
        switch self {
        case .exited(let status): "exited \(status)"
        case .signalled(let signal): "killed by signal \(escaped(signal))"
        case .timedOut: "timed out"
        case .cancelled: "cancelled"
        case .failed(let kind, let message): "failed (\(escaped(kind))): \(escaped(message))"
        }
    }
}

extension StandardStream: CustomStringConvertible {
    public var description: String { self == .stdout ? "stdout" : "stderr" }
}

extension LogLevel: CustomStringConvertible {
    public var description: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        }
    }
}

/// A string in double quotes with control characters escaped, so one frame is one log line.
func quoted(_ text: String) -> String {
    "\"" + escaped(text, quote: true) + "\""
}

/// `text` with control characters (and, if `quote`, double quotes) escaped.
func escaped(_ text: String, quote: Bool = false) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"" where quote: out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where isControl(scalar): out += "\\u{\(String(scalar.value, radix: 16))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// C0 and C1 controls, DEL and the Unicode line and paragraph separators: anything that
/// could break a log line or drive a terminal.
private func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7f...0x9f, 0x2028, 0x2029: true
    default: false
    }
}
