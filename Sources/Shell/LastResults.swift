import Broadcasting
import HostPatterns
import Rendering
import WorkerProtocol

/// `@last:ok`, `@last:failed`… : the hosts of the previous broadcast, by outcome.
struct LastResults: LastResultResolver {
    var outcomes: [String: HostOutcome] = [:]

    func hosts(withOutcome wanted: LastOutcome) throws(PatternError) -> HostSet {
        guard !outcomes.isEmpty else { throw PatternError(.noPreviousCommand, part: "@last:\(wanted.rawValue)") }
        return HostSet(names: outcomes.filter { Self.matches($0.value, wanted) }.map(\.key))
    }

    private static func matches(_ outcome: HostOutcome, _ wanted: LastOutcome) -> Bool {
        switch wanted {
        case .all: return true
        case .ok: return outcome.isOK
        case .failed: return !outcome.isOK
        case .nonzero:
            if case .exited(let status) = outcome { return status != 0 }
            return false
        case .unreachable:
            if case .failed = outcome { return true }
            return false
        case .timeout:
            switch outcome {
            case .timedOut, .cancelled, .signalled: return true
            default: return false
            }
        }
    }
}
