#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPosixShim
import Posix

/// Where a command's text goes. The real one writes to file descriptors 1 and 2;
/// tests pass one that collects the text.
public struct Console: Sendable {
    public let out: @Sendable (String) -> Void
    /// Raw text on standard error: hosts' output and the progress line. Chorus's own
    /// lines (errors, warnings, notes) go through `error(_:)`, the one `chorus: …` shape.
    public let err: @Sendable (String) -> Void
    /// Raw bytes (remote output is not always text); defaults to lossy UTF-8 text.
    public let outBytes: @Sendable ([UInt8]) -> Void
    public let errBytes: @Sendable ([UInt8]) -> Void
    /// Whether standard output / error are terminals (colours, alignment, summary).
    public let outIsTerminal: Bool
    public let errIsTerminal: Bool

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void,
                outBytes: (@Sendable ([UInt8]) -> Void)? = nil, errBytes: (@Sendable ([UInt8]) -> Void)? = nil,
                outIsTerminal: Bool = false, errIsTerminal: Bool = false) {
        self.out = out
        self.err = err
        self.outBytes = outBytes ?? { out(String(decoding: $0, as: UTF8.self)) }
        self.errBytes = errBytes ?? { err(String(decoding: $0, as: UTF8.self)) }
        self.outIsTerminal = outIsTerminal
        self.errIsTerminal = errIsTerminal
    }

    /// Writes straight to the descriptors: whole strings, retried on EINTR, quiet on
    /// EPIPE (`chorus hosts | head` must not complain). EPIPE on standard output is
    /// posted as SIGPIPE to a running broadcast's signal pipe, which cancels it: nobody
    /// reads the output any more (the exit status is then 141, as for SIGPIPE).
    public static let standard = Console(
        out: { writeOrCancel(Array($0.utf8), to: STDOUT_FILENO) },
        err: { writeOrCancel(Array($0.utf8), to: STDERR_FILENO) },
        outBytes: { writeOrCancel($0, to: STDOUT_FILENO) },
        errBytes: { writeOrCancel($0, to: STDERR_FILENO) },
        outIsTerminal: isatty(STDOUT_FILENO) == 1, errIsTerminal: isatty(STDERR_FILENO) == 1)

    /// `chorus: message` on standard error: the one shape of every error line.
    package func error(_ message: String) { err("chorus: \(message)\n") }

    /// `chorus: text` on a terminal's standard error, left for the next status or
    /// `clearStatus` to overwrite (nothing when standard error is not a terminal).
    package func status(_ text: String) {
        if errIsTerminal { err("chorus: \(text)\r") }
    }

    /// Clears what `status` wrote.
    package func clearStatus() {
        if errIsTerminal { err("\r\u{1B}[K") }
    }
}

/// Whole writes; a failure drops the rest of the text (EPIPE on standard output
/// cancels, see `standard`).
private func writeOrCancel(_ bytes: [UInt8], to descriptor: Int32) {
    if writeAll(bytes, to: descriptor) == EPIPE && descriptor == STDOUT_FILENO { cposix_post_signal(SIGPIPE) }
}
