import Foundation

/// Runs blocking work (a poll loop, blocking libssh2 calls) on a thread of its own and
/// awaits its result, so it never occupies Swift's small cooperative thread pool.
public func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try work() }) }
        thread.stackSize = 1 << 20
        thread.start()
    }
}
