/// A worker pool lent by the session mux to one run, and given back after it: the
/// workers (their pids and pipe ends, passed between the processes over a Unix socket),
/// which host lives on which worker, and the numbering, so the borrower's frames carry
/// on each worker's stream where the last borrower left it.
///
/// Going out, `slots` holds every worker the lender has. Coming back, a slot is nil when
/// its worker is no longer fit to lend again (it died, or the borrower stopped reading
/// it in the middle of a frame); the lender buries those.
///
/// Gateway slots (`gateways`) hold relays (`chorus __gateway`) the lender started and
/// told which gateway to log in to. One may be lent before its hello came back (logging
/// in to a gateway, or copying the binary there, can take longer than a borrower waits):
/// its slot says so, and the borrower reads that hello as its first frame.
public struct PoolLoan: Sendable, Equatable {
    /// One lent worker: its pid, the write end of its standard input and the read end
    /// of its standard output (descriptors in the process that holds the loan).
    public struct Slot: Sendable, Equatable {
        public var pid: Int32
        public var toWorker: Int32
        public var fromWorker: Int32
        /// The worker's hello was read (false: it is the next frame on its stream).
        public var greeted: Bool

        public init(pid: Int32, toWorker: Int32, fromWorker: Int32, greeted: Bool = true) {
            (self.pid, self.toWorker, self.fromWorker, self.greeted) = (pid, toWorker, fromWorker, greeted)
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
    /// Slot index → the gateway its relay logs in to (with the settings it logged in with).
    public var gateways: [Int: GatewayRoute]

    public init(slots: [Slot?], hostIDs: [String: UInt32], affinity: [String: Int], connected: Set<String>,
                lastJobID: UInt64, lastStreamID: UInt32, gateways: [Int: GatewayRoute] = [:]) {
        (self.slots, self.hostIDs, self.affinity, self.connected) = (slots, hostIDs, affinity, connected)
        (self.lastJobID, self.lastStreamID, self.gateways) = (lastJobID, lastStreamID, gateways)
    }

    /// The descriptors to pass, slot by slot (two per present slot).
    public var descriptors: [Int32] { slots.compactMap { $0 }.flatMap { [$0.toWorker, $0.fromWorker] } }
}
