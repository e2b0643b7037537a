#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Posix

/// Appends `AuditRecord`s to the audit trail, one JSON line each. A line is one
/// `write(2)` on a descriptor opened with `O_APPEND`, so lines from two chorus processes
/// never interleave; rotation happens under an exclusive `flock` on the file.
///
/// The audit trail never stops work: a trail that cannot be written (a symlink, a folder
/// or file owned by another user, a full disk) is said once on standard error and the
/// run goes on.
package final class AuditLog {
    package static let defaultMaxBytes: Int64 = 10 << 20
    /// `CHORUS_AUDIT=off` turns the trail off, as `--no-audit` does.
    package static let switchVariable = "CHORUS_AUDIT"
    /// The size past which the file is rotated, in bytes.
    package static let maxBytesVariable = "CHORUS_AUDIT_MAX_BYTES"

    /// nil when the trail is off or there is no home to keep it in.
    package let location: AuditLocation?
    let maxBytes: Int64
    private let console: Console
    private var warned = false

    package init(settings: RunSettings, environment: [String: String], console: Console) {
        self.console = console
        let off = settings.auditLog == .off || Self.switchedOff(environment, console)
        location = off ? nil : AuditLocation(environment: environment)
        let text = environment[Self.maxBytesVariable] ?? ""
        maxBytes = Int64(text).flatMap { $0 >= 1 ? $0 : nil } ?? Self.defaultMaxBytes
        if !off, !text.isEmpty, Int64(text).map({ $0 < 1 }) ?? true {
            console.error("warning: \(Self.maxBytesVariable) expects a whole number of bytes, got '\(text)'; using 10 MiB")
        }
    }

    /// `CHORUS_AUDIT=off`; any other value but `on` is said and leaves the trail on
    /// (only an explicit `off` turns it off).
    private static func switchedOff(_ environment: [String: String], _ console: Console) -> Bool {
        guard let value = environment[switchVariable]?.lowercased(), !value.isEmpty, value != "on" else { return false }
        if value == "off" { return true }
        console.error("warning: \(switchVariable) expects on or off, got '\(value)'; the audit trail stays on")
        return false
    }

    /// Adds one line; a failure is said once per process, never thrown.
    package func append(_ record: AuditRecord) {
        guard let location else { return }
        do {
            try AuditFile.append(try Self.line(record), at: location, maxBytes: maxBytes)
        } catch {
            guard !warned else { return }
            warned = true
            console.error("warning: audit trail not written: \(error); commands still run "
                + "(--no-audit or \(Self.switchVariable)=off turns it off)")
        }
    }

    /// The record as one JSON line, keys sorted, ending in a newline.
    static func line(_ record: AuditRecord) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(record)) + [0x0A]
    }
}
