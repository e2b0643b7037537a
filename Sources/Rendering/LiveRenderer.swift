// Live output: whole lines labelled by host as they arrive. Each host's streams are cut
// into lines separately, so two hosts (or one host's stdout and stderr) never share a line
// however their chunks interleave.

import WorkerProtocol

/// One finished line, ready for the sink: `bytes` ends with a newline and holds the label.
public struct RenderedLine: Sendable, Equatable {
    /// Where the sink should write it (stderr lines go to the operator's stderr).
    public var stream: StandardStream
    public var bytes: [UInt8]

    public init(stream: StandardStream, bytes: [UInt8]) {
        self.stream = stream
        self.bytes = bytes
    }
}

/// How live lines look.
public enum LiveStyle: Sendable, Equatable {
    /// `HOST: LINE\n`, bytes passed through exactly: pdsh's format, which `dshbak -c` and
    /// `clubak -b` read. For when stdout is not a terminal.
    case plain
    /// `host  | line\n`, the host padded to `hostWidth` columns and, with `color`, in its
    /// own colour; control characters and invalid UTF-8 escaped; a CR before LF dropped.
    case terminal(color: Bool, hostWidth: Int)
}

/// Turns output chunks into labelled whole lines.
public struct LiveRenderer: Sendable {
    public let style: LiveStyle
    /// False for `-N`: the lines without their `HOST: ` label (one host's output piped on).
    public var labelsLines = true
    private let pieceLimit: Int
    private var assemblers: [StreamKey: LineAssembler] = [:]
    private var labels: [String: [UInt8]] = [:]

    /// `pieceLimit` (64 KiB by default) is the longest piece of a line held or emitted.
    public init(style: LiveStyle, pieceLimit: Int = 64 * 1024) {
        self.style = style
        self.pieceLimit = pieceLimit
    }

    /// The width that aligns every host of a selection.
    public static func hostWidth(for hosts: some Sequence<String>) -> Int {
        hosts.reduce(0) { max($0, TerminalText.escaped($1).count) }
    }

    /// Bytes held for lines that have not ended (at most one piece per host and stream).
    public var bufferedByteCount: Int { assemblers.values.reduce(0) { $0 + $1.pending.count } }

    /// The lines this chunk completes, one `RenderedLine` each.
    public mutating func feed(host: String, stream: StandardStream, bytes: [UInt8]) -> [RenderedLine] {
        var lines: [RenderedLine] = []
        feed(host: host, stream: stream, bytes: bytes, batchBytes: 1) { lines.append($0) }  // every line its own run
        return lines
    }

    /// The lines this chunk completes, rendered one after another into runs of at most
    /// about `batchBytes` (past it, the run is handed on as it is) and given to `write`:
    /// a bulk stream is then written with one call per chunk instead of one per line.
    /// The same bytes, in the same order, as the lines of `feed`.
    public mutating func feed(host: String, stream: StandardStream, bytes: [UInt8],
                              batchBytes: Int = 256 << 10, write: (RenderedLine) -> Void) {
        let (label, style) = (label(for: host), style)
        var batch: [UInt8] = []
        withAssembler(host, stream) { assembler in
            assembler.feed(bytes[...]) { line, endsLine in
                if batch.isEmpty { batch.reserveCapacity(min(batchBytes, bytes.count) + label.count + 64) }
                Self.append(line, endsLine, label, style, to: &batch)
                if batch.count >= batchBytes {
                    write(RenderedLine(stream: stream, bytes: batch))
                    batch = []  // the line written holds the old buffer: a new one is needed either way
                }
            }
        }
        if !batch.isEmpty { write(RenderedLine(stream: stream, bytes: batch)) }
    }

    /// Runs `body` on the host's assembler for the stream, kept only while it holds bytes.
    private mutating func withAssembler(_ host: String, _ stream: StandardStream, _ body: (inout LineAssembler) -> Void) {
        let key = StreamKey(host: host, stream: stream)
        var assembler = assemblers.removeValue(forKey: key) ?? LineAssembler(pieceLimit: pieceLimit)
        body(&assembler)
        if !assembler.pending.isEmpty { assemblers[key] = assembler }
    }

    /// The host is done: its unfinished last lines (stdout, then stderr), each given a newline.
    public mutating func finish(host: String) -> [RenderedLine] {
        let (label, style) = (label(for: host), style)
        var lines: [RenderedLine] = []
        for stream in [StandardStream.stdout, .stderr] {
            guard var assembler = assemblers.removeValue(forKey: StreamKey(host: host, stream: stream)) else {
                continue
            }
            assembler.flush { line, endsLine in
                lines.append(RenderedLine(stream: stream, bytes: Self.rendered(line, endsLine, label, style)))
            }
        }
        labels[host] = nil
        return lines
    }

    private static func rendered(_ line: ArraySlice<UInt8>, _ endsLine: Bool, _ label: [UInt8], _ style: LiveStyle) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(label.count + line.count + 1)
        append(line, endsLine, label, style, to: &bytes)
        return bytes
    }

    /// Appends `LABEL` + the line (escaped on a terminal) + a newline to `bytes`.
    private static func append(_ line: ArraySlice<UInt8>, _ endsLine: Bool, _ label: [UInt8], _ style: LiveStyle,
                               to bytes: inout [UInt8]) {
        bytes.append(contentsOf: label)
        switch style {
        case .plain:
            bytes.append(contentsOf: line)
        case .terminal:
            let dropsCR = endsLine && line.last == 0x0D
            TerminalText.escape(dropsCR ? line.dropLast() : line, into: &bytes)
        }
        bytes.append(0x0A)
    }

    /// `HOST: ` or `host  | `, built once per host.
    private mutating func label(for host: String) -> [UInt8] {
        guard labelsLines else { return [] }
        if let label = labels[host] { return label }
        let label: String
        switch style {
        case .plain:
            label = host + ": "
        case .terminal(let color, let hostWidth):
            let name = TerminalText.escaped(host)
            let padding = String(repeating: " ", count: max(0, hostWidth - name.count))
            label = (color ? HostColor.paint(name, for: host) : name) + padding + " | "
        }
        labels[host] = Array(label.utf8)
        return Array(label.utf8)
    }
}

private struct StreamKey: Hashable, Sendable {
    var host: String
    var stream: StandardStream
}
