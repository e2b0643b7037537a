import Foundation
import Glibc
import Posix
import Testing

/// `writeAll`: every byte through short writes, the errno of a failure as a value.
@Suite struct WriteAllTests {
    /// 1 MiB and a bit through a pipe (whose buffer holds 64 KiB): the writer blocks,
    /// writes partly, and goes on until a reader thread has taken everything.
    @Test func writesMoreThanAPipeHoldsToAReader() throws {
        let ends = try TestPipe()
        let bytes = (0..<(1 << 20) + 12345).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        let received = Received()
        let readEnd = ends.read
        let reader = Thread { received.set(TestPipe.readAll(readEnd)) }
        reader.start()
        #expect(writeAll(bytes, to: ends.write) == nil)
        close(ends.write)
        #expect(received.wait() == bytes)
        close(ends.read)
    }

    @Test func aFailureIsItsErrno() throws {
        let ends = try TestPipe()
        ends.closeBoth()
        #expect(writeAll(Array("lost".utf8), to: ends.write) == EBADF)
        #expect(writeAll([UInt8](), to: ends.write) == nil, "nothing to write: no call, no failure")
    }

    /// With an offset the bytes land there (`pwrite`); a slice writes just its bytes.
    @Test func writesAtAnOffset() throws {
        let path = NSTemporaryDirectory() + "chorus-posix-\(UUID().uuidString)"
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        defer { close(fd); unlink(path) }
        #expect(writeAll(Array("hello world".utf8), to: fd) == nil)
        #expect(writeAll(Array("xxWORLDxx".utf8)[2..<7], to: fd, at: 6) == nil)
        #expect(lseek(fd, 0, SEEK_CUR) == 11, "pwrite leaves the file offset alone")
        #expect(pread(fd, nil, 0, 0) == 0)
        var back = [UInt8](repeating: 0, count: 11)
        #expect(pread(fd, &back, 11, 0) == 11)
        #expect(String(decoding: back, as: UTF8.self) == "hello WORLD")
    }
}

/// What a reader thread got, handed over once.
final class Received: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8]?

    func set(_ value: [UInt8]) {
        condition.lock()
        bytes = value
        condition.broadcast()
        condition.unlock()
    }

    /// The bytes, or nil after 30 s.
    func wait() -> [UInt8]? {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(30)
        while bytes == nil, condition.wait(until: deadline) {}
        return bytes
    }
}
