import Rendering
import WorkerProtocol

/// The UTF-8 bytes of a string.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Lines as text, for readable expectations (lossless for valid UTF-8).
func texts(_ lines: [RenderedLine]) -> [String] {
    lines.map { String(decoding: $0.bytes, as: UTF8.self) }
}

/// A chunk of output from one host.
struct Chunk: Sendable {
    var host: String
    var stream: StandardStream = .stdout
    var bytes: [UInt8]

    init(_ host: String, _ text: String, _ stream: StandardStream = .stdout) {
        self.host = host
        self.stream = stream
        self.bytes = Array(text.utf8)
    }

    init(_ host: String, bytes: [UInt8], _ stream: StandardStream = .stdout) {
        self.host = host
        self.stream = stream
        self.bytes = bytes
    }
}

/// Feeds chunks in order, then finishes the hosts in order of first appearance.
func render(_ chunks: [Chunk], style: LiveStyle, pieceLimit: Int = 64 * 1024) -> [RenderedLine] {
    var renderer = LiveRenderer(style: style, pieceLimit: pieceLimit)
    var lines: [RenderedLine] = []
    var hosts: [String] = []
    for chunk in chunks {
        if !hosts.contains(chunk.host) { hosts.append(chunk.host) }
        lines += renderer.feed(host: chunk.host, stream: chunk.stream, bytes: chunk.bytes)
    }
    for host in hosts { lines += renderer.finish(host: host) }
    return lines
}

/// The same chunks cut into single bytes.
func byteByByte(_ chunks: [Chunk]) -> [Chunk] {
    chunks.flatMap { chunk in chunk.bytes.map { Chunk(chunk.host, bytes: [$0], chunk.stream) } }
}

func result(_ host: String, _ outcome: HostOutcome, _ millis: UInt32 = 5) -> HostResult {
    HostResult(host: host, outcome: outcome, durationMillis: millis)
}

let refused = HostOutcome.failed(kind: "refused", message: "connection refused")
