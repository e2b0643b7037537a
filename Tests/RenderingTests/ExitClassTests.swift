import Rendering
import Testing
import WorkerProtocol

@Suite struct ExitClassTests {
    static let kinds: [HostOutcome] = [
        .exited(0), .exited(1), .exited(255), refused, .failed(kind: "worker-died", message: "lost"), .timedOut,
        .cancelled, .signalled("KILL"),
    ]

    @Test(arguments: [
        ([], 0), ([.exited(0)], 0), ([.exited(0), .exited(1)], 5), ([.exited(2), refused], 4),
        ([refused, .timedOut], 3), ([.exited(1), .cancelled], 3), ([.signalled("TERM"), .exited(0)], 3),
        ([.exited(255)], 5), ([.failed(kind: "auth-failed", message: "")], 4),
        ([.exited(1), .failed(kind: "local", message: "pipe: too many open files")], 4),
    ] as [([HostOutcome], Int32)])
    func table(outcomes: [HostOutcome], status: Int32) {
        #expect(ExitClass.status(for: outcomes.enumerated().map { result("h\($0.offset)", $0.element) }).rawValue == status)
    }

    /// Every combination of outcome kinds, in every order that matters (forwards and back).
    @Test func everyCombinationFollowsPsshPrecedence() {
        for mask in 0..<(1 << Self.kinds.count) {
            let outcomes = Self.kinds.indices.filter { mask & (1 << $0) != 0 }.map { Self.kinds[$0] }
            let expected: Int32 =
                outcomes.contains { [.timedOut, .cancelled].contains($0) || { if case .signalled = $0 { true } else { false } }($0) } ? 3
                : outcomes.contains { if case .failed = $0 { true } else { false } } ? 4
                : outcomes.contains { $0 != .exited(0) } ? 5 : 0
            let results = outcomes.enumerated().map { result("h\($0.offset)", $0.element) }
            #expect(ExitClass.status(for: results).rawValue == expected, "\(outcomes)")
            #expect(ExitClass.status(for: results.reversed()).rawValue == expected, "\(outcomes)")
        }
    }

    @Test(arguments: [
        ([], 0), ([.exited(0)], 0), ([.exited(3), .exited(7), .exited(0)], 7), ([.exited(1), refused], 255),
        ([.timedOut], 255), ([.cancelled], 255), ([.signalled("TERM")], 255), ([.exited(42)], 42),
    ] as [([HostOutcome], Int32)])
    func largestRemoteStatus(outcomes: [HostOutcome], status: Int32) {
        #expect(ExitClass.largestRemoteStatus(outcomes.enumerated().map { result("h\($0.offset)", $0.element) }).rawValue == status)
    }
}
