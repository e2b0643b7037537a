import Glibc
import Posix
import Testing

/// `spawn`: process groups, redirected descriptors, environments, and failures that
/// leave nothing behind. Serialized: the descriptor count must see only this suite.
@Suite(.serialized) struct SpawnTests {
    /// Waits for `pid`; its exit status (or 128 + the signal).
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        guard retryingOnInterrupt({ waitpid(pid, &status, 0) }) == pid else { return -1 }
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + status & 0x7f
    }

    @Test func aNewProcessGroupIsTheChildsOwn() throws {
        let pid = try spawn(["/bin/sleep", "10"], newProcessGroup: true)
        defer {
            kill(pid, SIGKILL)
            _ = Self.wait(pid)
        }
        #expect(getpgid(pid) == pid)
        #expect(getpgid(pid) != getpgrp())
    }

    @Test func withoutOneTheChildStaysInOurs() throws {
        let pid = try spawn(["/bin/sleep", "10"])
        defer {
            kill(pid, SIGKILL)
            _ = Self.wait(pid)
        }
        #expect(getpgid(pid) == getpgrp())
    }

    @Test func standardOutputGoesToThePipe() throws {
        let ends = try TestPipe()
        let pid = try spawn(["/bin/echo", "hello", "world"], stdout: ends.write)
        close(ends.write)
        #expect(String(decoding: TestPipe.readAll(ends.read), as: UTF8.self) == "hello world\n")
        close(ends.read)
        #expect(Self.wait(pid) == 0)
    }

    /// Standard input from a pipe, and an environment of the caller's choosing.
    @Test func standardInputAndEnvironment() throws {
        let input = try TestPipe()
        let output = try TestPipe()
        let pid = try spawn(
            ["/bin/sh", "-c", "read line; echo \"$line $CHORUS_POSIX_TEST\"; echo oops >&2"],
            environment: ["CHORUS_POSIX_TEST=42"], stdin: input.read, stdout: output.write, stderr: output.write)
        close(input.read)
        close(output.write)
        #expect(writeAll(Array("answer\n".utf8), to: input.write) == nil)
        close(input.write)
        #expect(String(decoding: TestPipe.readAll(output.read), as: UTF8.self) == "answer 42\noops\n")
        close(output.read)
        #expect(Self.wait(pid) == 0)
    }

    /// A missing program throws ENOENT; 200 tries leave no descriptor open (one leaked
    /// per try would show as 200; the slack is for other suites running meanwhile).
    @Test func aMissingProgramThrowsAndLeaksNothing() {
        let before = TestPipe.openDescriptorCount()
        for _ in 0..<200 {
            do {
                let pid = try spawn(["/nonexistent/chorus-posix", "x"], newProcessGroup: true)
                Issue.record("started pid \(pid)")
            } catch {
                #expect(error.code == ENOENT)
                #expect(error.program == "/nonexistent/chorus-posix")
                #expect(error.message == "cannot start /nonexistent/chorus-posix: No such file or directory")
            }
        }
        let after = TestPipe.openDescriptorCount()
        #expect(after - before < 64, "descriptors open: \(before) before, \(after) after")
    }

    /// A program open for writing (ETXTBSY) is tried again for a moment, then refused
    /// with its reason; once closed, it starts. (The moment itself is not timed here.)
    @Test func aProgramOpenForWritingIsRefusedWithItsReasonAndStartsOnceClosed() throws {
        let path = "/tmp/chorus-spawn-busy-\(getpid())"
        let script = Array("#!/bin/sh\nexit 7\n".utf8)
        let writer = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        try #require(writer >= 0)
        defer { unlink(path) }
        #expect(writeAll(script, to: writer) == nil)
        do {
            let pid = try spawn([path])
            Issue.record("started pid \(pid) while the file was open for writing")
            _ = Self.wait(pid)
        } catch {
            #expect(error.code == ETXTBSY)
            #expect(error.message == "cannot start \(path): Text file busy")
        }
        close(writer)
        #expect(Self.wait(try spawn([path])) == 7)
    }
}
