/// A worker pool lent by the session mux to one run, and given back after it: the
/// workers (their pids and pipe ends, passed between the processes over a Unix socket),
/// which host lives on which worker, and the numbering, so the borrower's frames carry
/// on each worker's stream where the last borrower left it.
///
/// Going out, `slots` holds every worker the lender has. Coming back, a slot is nil when
/// its worker is no longer fit to lend again (it died, or the borrower stopped reading
/// it in the middle of a frame); the lender buries those.
public struct PoolLoan: Sendable, Equatable {
    /// One lent worker: its pid, the write end of its standard input and the read end
    /// of its standard output (descriptors in the process that holds the loan).
    public struct Slot: Sendable, Equatable {
        public var pid: Int32
        public var toWorker: Int32
        public var fromWorker: Int32

        public init(pid: Int32, toWorker: Int32, fromWorker: Int32) {
            (self.pid, self.toWorker, self.fromWorker) = (pid, toWorker, fromWorker)
        }
    }

    public var slots: [Slot?]
    public var hostIDs: [String: UInt32]
    /// Host name → slot index.
    public var affinity: [String: Int]
    /// Hosts whose session was open when the last run ended.
    public var connected: Set<String>
    public var lastJobID: UInt64
    public var lastStreamID: UInt32

    public init(slots: [Slot?], hostIDs: [String: UInt32], affinity: [String: Int], connected: Set<String>,
                lastJobID: UInt64, lastStreamID: UInt32) {
        (self.slots, self.hostIDs, self.affinity, self.connected) = (slots, hostIDs, affinity, connected)
        (self.lastJobID, self.lastStreamID) = (lastJobID, lastStreamID)
    }

    /// The descriptors to pass, slot by slot (two per present slot).
    public var descriptors: [Int32] { slots.compactMap { $0 }.flatMap { [$0.toWorker, $0.fromWorker] } }
}
