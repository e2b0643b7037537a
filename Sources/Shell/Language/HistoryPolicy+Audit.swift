import Broadcasting

extension HistoryPolicy {
    /// A command line as the audit trail records it: as typed, or redacted when the
    /// history would refuse it for holding a secret (rules 3–9). A leading blank, which
    /// keeps a line out of the history on request, does not keep it out of the audit trail.
    package static func auditAction(_ line: String) -> AuditAction {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return .command(line, redacted: !trimmed.isEmpty && !shouldRecord(String(trimmed)))
    }
}
