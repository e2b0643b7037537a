import Broadcasting
import Foundation
import JobDispatch
import Synchronization
import Testing
import WorkerProtocol

/// A worker's log lines reach the operator's terminal; through a gateway their words can
/// come from another machine, so they are escaped like a host's messages.
@Suite struct OneShotOutputLogTests {
    @Test func aWorkersWarningIsEscapedForTheTerminal() throws {
        let errors = Mutex<[String]>([])
        let console = Console(out: { _ in }, err: { text in errors.withLock { $0.append(text) } })
        let output = try OneShotOutput(settings: OneShotSettings(output: .live, pty: false), run: RunSettings(),
                                       hosts: ["t1"], console: console, environment: [:])
        output.consume(.log(level: .error, message: "gateway gw lost: \u{1b}]0;owned\u{07}\u{1b}[2J"))
        output.consume(.log(level: .debug, message: "not shown"))
        let said = errors.withLock { $0 }.joined()
        #expect(said.hasPrefix("chorus: gateway gw lost: "), "\(said)")
        #expect(!said.utf8.contains(0x1b) && !said.utf8.contains(0x07), "\(said.debugDescription)")
        #expect(!said.contains("not shown"))
    }
}
