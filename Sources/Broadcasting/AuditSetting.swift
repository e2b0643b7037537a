/// Whether broadcasts and transfers go to the audit trail (`AuditLog`). On unless
/// explicitly turned off: `--no-audit` on the command line, or `CHORUS_AUDIT=off` in the
/// environment (read by `AuditLog`). A defaults file would set `RunSettings.auditLog`.
public enum AuditSetting: String, Sendable, Equatable, CaseIterable {
    case on, off
}
