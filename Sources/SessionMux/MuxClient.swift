#if canImport(Glibc)
import Glibc
#endif
import JobDispatch
import Posix

/// A run's side of the session mux: borrow its pool, give it back, ask its status, stop it.
/// Nothing here is fatal to a run: every failure means "run on a pool of your own".
public enum MuxClient {
    /// How a borrow went.
    public enum Borrowed {
        case lent(MuxLoan)
        /// No mux listens (no socket, or a stale one left by a mux that died).
        case noMux
        /// A mux of another build listens: it is stale for this binary.
        case otherBuild
        /// Another run holds the pool, or the mux is stopping.
        case busy(String)
        case failed(MuxError)
    }

    /// Seconds any exchange with the mux may take before the run goes on without it.
    static let answerTimeout = 3.0

    /// Borrows the pool (grown to `workers` local workers, with relays for `gateways`),
    /// telling the mux to stay `persistSeconds` idle (0: keep its own setting).
    public static func borrow(_ location: MuxLocation, build: String, workers: Int, persistSeconds: Double,
                              gateways: [GatewayRoute] = []) -> Borrowed {
        guard let socket = connect(location) else { return .noMux }
        do throws(MuxError) {
            let request = MuxRequest.borrow(build: build, workers: workers, persistSeconds: persistSeconds, gateways: gateways)
            try socket.send(request.encoded())
            switch try receiveReply(socket) {
            case .lend(let loan): return .lent(MuxLoan(socket: socket, loan: loan))
            case .otherBuild: return .otherBuild
            case .refused(let reason): return .busy(reason)
            case .status, .done: return .failed(MuxError("the session mux answered out of turn"))
            }
        } catch {
            return .failed(error)
        }
    }

    /// The mux's status, or nil when none listens.
    public static func status(_ location: MuxLocation, build: String) throws(MuxError) -> MuxStatus? {
        guard let socket = connect(location) else { return nil }
        try socket.send(MuxRequest.status(build: build).encoded())
        guard case .status(let status) = try receiveReply(socket) else { throw MuxError("the session mux answered out of turn") }
        return status
    }

    /// Asks the mux to stop (at once, or when the run holding its pool gives it back);
    /// false when none listens.
    public static func stop(_ location: MuxLocation) throws(MuxError) -> Bool {
        guard let socket = connect(location) else { return false }
        try socket.send(MuxRequest.stop.encoded())
        guard case .done = try receiveReply(socket) else { throw MuxError("the session mux answered out of turn") }
        return true
    }

    /// A connection to a mux of this user, or nil: no folder (or one others may enter),
    /// no socket, nobody accepting (a stale file, removed here), or another user at the
    /// other end.
    static func connect(_ location: MuxLocation) -> UnixSocket? {
        guard (try? location.checkDirectory(create: false)) != nil else { return nil }
        let socket: UnixSocket
        do {
            socket = try UnixSocket.connect(to: location.socketPath)
        } catch {
            if error.code == ECONNREFUSED { unlink(location.socketPath) }  // nobody listens: a dead mux's file
            return nil
        }
        guard socket.peerUID == geteuid() else { return nil }
        socket.setTimeout(answerTimeout)
        return socket
    }

    static func receiveReply(_ socket: UnixSocket) throws(MuxError) -> MuxReply {
        guard let message = try socket.receive() else { throw MuxError("the session mux closed the connection") }
        do {
            return try MuxReply.decode(message.payload, descriptors: message.descriptors)
        } catch {
            message.descriptors.forEach { close($0) }
            throw MuxError("the session mux sent a bad reply: \(error)")
        }
    }
}

/// A borrowed pool: the connection stays open while the run lasts (its closing without
/// a `giveBack` tells the mux the streams cannot be trusted).
public final class MuxLoan {
    let socket: UnixSocket
    public let loan: PoolLoan

    init(socket: UnixSocket, loan: PoolLoan) { (self.socket, self.loan) = (socket, loan) }

    /// Gives the pool back (`WorkerPool.giveBack`'s account of it); false if the mux did
    /// not take it. Nothing is left to do then: a mux that is still there ends the
    /// workers when this connection closes, and a mux that is gone took their standard
    /// input with it, so they end by themselves.
    public func giveBack(_ returned: PoolLoan) -> Bool {
        do throws(MuxError) {
            try socket.send(MuxRequest.giveBack(returned).encoded())
            guard case .done = try MuxClient.receiveReply(socket) else { return false }
            return true
        } catch {
            return false
        }
    }
}
