import Foundation
import Glibc
import Posix
import Testing

/// `retryingOnInterrupt`: again on EINTR, never on anything else, at most `attempts` calls.
@Suite(.serialized) struct RetryTests {
    @Test func retriesWhileInterrupted() {
        var calls = 0
        let result = retryingOnInterrupt { () -> Int in
            calls += 1
            if calls <= 2 { errno = EINTR; return -1 }
            return 42
        }
        #expect(result == 42)
        #expect(calls == 3)
    }

    @Test func otherFailuresReturnAtOnceWithTheirErrno() {
        var calls = 0
        let result = retryingOnInterrupt { () -> Int32 in
            calls += 1
            errno = EAGAIN
            return -1
        }
        #expect(result == -1)
        #expect(errno == EAGAIN, "the caller still sees why")
        #expect(calls == 1)
    }

    @Test func attemptsBoundTheCalls() {
        var calls = 0
        let result = retryingOnInterrupt(attempts: 5) { () -> Int in
            calls += 1
            errno = EINTR
            return -1
        }
        #expect(result == -1)
        #expect(errno == EINTR)
        #expect(calls == 5)
    }

    /// A real interrupted `read`: SIGURG with a handler installed without SA_RESTART
    /// is sent to the reading thread until the read was called again (so at least
    /// once it failed with EINTR), then a byte arrives; the read returns that byte.
    /// SIGURG because nothing else here uses it and its default is to be ignored: the
    /// test bundle runs other suites (SIGUSR1 cancels in JobDispatchTests) alongside.
    @Test func aReadInterruptedBySignalsIsRetried() throws {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: the kernel returns EINTR
        var previous = sigaction()
        #expect(sigaction(SIGURG, &action, &previous) == 0)
        defer { sigaction(SIGURG, &previous, nil) }
        let ends = try TestPipe()
        defer { ends.closeBoth() }
        let reader = InterruptedReader(descriptor: ends.read)
        Thread.detachNewThread { reader.run() }
        for _ in 0..<200 where reader.calls < 2 {  // bounded: at most about 2 s
            if let thread = reader.thread { pthread_kill(thread, SIGURG) }
            usleep(10_000)
        }
        var byte: UInt8 = 7
        #expect(write(ends.write, &byte, 1) == 1)
        #expect(reader.waitForResult() == 1)
        #expect(reader.calls >= 2, "the read was interrupted and called again")
    }
}

/// A thread blocked in `read`, counting the calls the retry helper makes.
final class InterruptedReader: @unchecked Sendable {
    private let lock = NSCondition()
    private let descriptor: Int32
    private var readCalls = 0
    private var result: Int?
    private var readerThread: pthread_t?

    init(descriptor: Int32) { self.descriptor = descriptor }

    var calls: Int { lock.withLock { readCalls } }
    var thread: pthread_t? { lock.withLock { readerThread } }

    /// Unblocks SIGURG first: threads may start with it blocked (from their creator).
    func run() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGURG)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        lock.withLock { readerThread = pthread_self() }
        var byte: UInt8 = 0
        let count = retryingOnInterrupt { () -> Int in
            lock.withLock { readCalls += 1 }
            return read(descriptor, &byte, 1)
        }
        lock.withLock {
            result = count
            lock.broadcast()
        }
    }

    /// The read's result, once it returned (at most 5 s).
    func waitForResult() -> Int? {
        lock.withLock {
            let deadline = Date().addingTimeInterval(5)
            while result == nil, lock.wait(until: deadline) {}
            return result
        }
    }
}
