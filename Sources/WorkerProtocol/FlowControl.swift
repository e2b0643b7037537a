/// Output flow control, per job. A worker may send at most `FlowControl.windowBytes`
/// output bytes of a job beyond what the shell's `credit` frames have acknowledged; the
/// shell sends `credit` as it consumes output (renders it, writes it out). Only the
/// `bytes` of `output` frames count, not frame overhead or other kinds.
///
/// The two helpers below are the arithmetic for each side; both saturate, never trap.
public enum FlowControl {
    /// The per-job window: 1 MiB.
    public static let windowBytes = 1 << 20

    /// The shell returns credit once this many consumed bytes have piled up (a quarter
    /// of the window), so credit frames stay rare and the worker never stalls on a full
    /// window while the shell keeps up.
    public static let creditThreshold = windowBytes / 4
}

/// Worker side: how many more output bytes of one job may be sent now.
public struct OutputAllowance: Sendable, Equatable {
    /// Bytes the worker may still send before it must wait for credit.
    public private(set) var available: Int

    public init(window: Int = FlowControl.windowBytes) {
        available = max(0, window)
    }

    /// Whether the worker must stop reading this job's channel until credit arrives.
    public var isExhausted: Bool { available <= 0 }

    /// Record that an output chunk of `count` bytes was sent.
    public mutating func spend(_ count: Int) {
        available = max(0, available - max(0, count))
    }

    /// Record a `credit` frame from the shell.
    public mutating func grant(_ bytes: UInt32) {
        let (sum, overflow) = available.addingReportingOverflow(Int(bytes))
        available = overflow ? Int.max : sum
    }
}

/// Shell side: counts consumed output of one job and says when to send credit.
public struct CreditAccumulator: Sendable, Equatable {
    /// Consumed bytes not yet returned to the worker as credit.
    public private(set) var pending: Int = 0
    public let threshold: Int

    public init(threshold: Int = FlowControl.creditThreshold) {
        self.threshold = max(1, threshold)
    }

    /// Record `count` consumed bytes; returns the credit to send now, if any. Send it as
    /// `Frame.credit(jobID:bytes:)`.
    public mutating func consumed(_ count: Int) -> UInt32? {
        let room = Int(UInt32.max) - pending
        pending += min(room, max(0, count))
        return pending >= threshold ? flush() : nil
    }

    /// All pending credit, e.g. when the renderer drains; nil if there is none.
    public mutating func flush() -> UInt32? {
        guard pending > 0 else { return nil }
        defer { pending = 0 }
        return UInt32(pending)
    }
}
