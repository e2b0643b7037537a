/// Where the audit trail lives: `$XDG_STATE_HOME/chorus/audit.jsonl`, by default
/// `~/.local/state/chorus/audit.jsonl` (beside the shell's history), and the rotated
/// `audit.jsonl.1` … `.N` older files next to it.
package struct AuditLocation: Sendable, Equatable {
    package let folder: String
    package var file: String { folder + "/audit.jsonl" }

    /// Old files kept after rotation (`audit.jsonl.1` is the newest of them).
    package static let keptFiles = 3

    /// The `index`th old file; 0 is the live one.
    package func file(_ index: Int) -> String { index == 0 ? file : file + ".\(index)" }

    /// nil when neither `XDG_STATE_HOME` (absolute, as the XDG spec asks) nor `HOME` is set.
    package init?(environment: [String: String]) {
        let xdg = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        guard let state = xdg ?? environment["HOME"].flatMap({ $0.isEmpty ? nil : $0 + "/.local/state" }) else { return nil }
        folder = (state.hasSuffix("/") ? String(state.dropLast()) : state) + "/chorus"
    }
}
