import Glibc
import Posix
import Testing

/// The words for errno values, and the one monotonic clock.
@Suite struct ErrnoAndClockTests {
    @Test func errnoTextIsStrerrorsWords() {
        #expect(errnoText(ENOENT) == "No such file or directory")
        #expect(errnoText(EPIPE) == "Broken pipe")
        errno = EACCES
        #expect(errnoText() == "Permission denied", "without an argument: the current errno")
    }

    /// Deadlines are differences of readings: one reading may never be below the one
    /// before, and a pause shows up as (at least) its length.
    @Test func monotonicClockNeverGoesBackwards() {
        var last = MonotonicClock.now
        for _ in 0..<100_000 {
            let now = MonotonicClock.now
            #expect(now >= last)
            if now < last { break }
            last = now
        }
        let before = MonotonicClock.now
        usleep(20_000)
        #expect(MonotonicClock.now - before >= 0.019)
    }
}
