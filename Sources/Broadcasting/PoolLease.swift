#if canImport(Glibc)
import Glibc
#endif
import JobDispatch
import Posix
import SessionMux

/// Where a one-shot run's workers come from: the session mux's warm pool when one is
/// running (or `persist` asks for one and it can be started), else a pool of the run's
/// own. Either way the run is the same: the same frames, output, JSON and exit status;
/// only the logins it does not have to do differ.
package final class PoolLease {
    package let pool: WorkerPool
    private let loan: MuxLoan?

    private init(pool: WorkerPool, loan: MuxLoan?) { (self.pool, self.loan) = (pool, loan) }

    /// - Parameters:
    ///   - workers: the run's worker count (the mux grows its pool to it).
    ///   - gateways: the gateways of the run's hosts (the mux keeps a relay for each).
    package static func acquire(workers: Int, gateways: [GatewayRoute] = [], settings: RunSettings,
                                environment: [String: String], console: Console) throws -> PoolLease {
        let command = try BroadcastRunner.workerCommand(environment: environment)
        let own = { PoolLease(pool: WorkerPool(size: workers, workerCommand: command), loan: nil) }
        guard settings.persist != 0, let binary = command.first else { return own() }
        let location = MuxLocation(environment: environment, software: ChorusVersion.current)
        let build = MuxBuild.identity(binary: binary)
        let persist = settings.persist ?? 0
        let borrowed = MuxClient.borrow(location, build: build, workers: workers, persistSeconds: persist, gateways: gateways)
        switch borrowed {
        case .lent(let loan):
            return PoolLease(pool: WorkerPool(borrowing: loan.loan, workerCommand: command), loan: loan)
        case .noMux, .otherBuild:
            guard persist > 0 else { return own() }
            if case .otherBuild = borrowed { _ = try? MuxClient.stop(location) }  // stale for this binary: it makes way
            do {
                try MuxLauncher.start(binary: binary, location: location, workers: workers, persistSeconds: persist,
                                      environment: environment)
            } catch {
                console.error("warning: cannot start the session mux (\(error)); running without it")
                return own()
            }
            guard case .lent(let loan) = MuxClient.borrow(location, build: build, workers: workers, persistSeconds: persist, gateways: gateways)
            else { return own() }
            return PoolLease(pool: WorkerPool(borrowing: loan.loan, workerCommand: command), loan: loan)
        case .busy, .failed:
            return own()
        }
    }

    /// Gives a borrowed pool back to the mux, or shuts the run's own pool down.
    package func finish() {
        guard let loan else { return pool.shutdown() }
        _ = loan.giveBack(pool.giveBack())
    }
}

/// What makes two chorus binaries the same build, for the session mux: a mux started
/// by another build (the binary was replaced since) is not used.
enum MuxBuild {
    static func identity(binary: String) -> String {
        var info = stat()
        guard stat(binary, &info) == 0 else { return "\(ChorusVersion.software) \(binary)" }
        return "\(ChorusVersion.software) \(binary) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}
