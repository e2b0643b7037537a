#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials

/// Reads the audit trail back for `chorus log`: the newest entries, from the live file
/// and, when it holds too few, the rotated ones before it.
package enum AuditReader {
    package struct Entry: Sendable {
        /// The line as stored (without its newline).
        package let line: String
        package let record: AuditRecord
    }

    /// The last `count` entries, oldest first, and a warning (`FILE:LINE: …`) for each
    /// line read that is not a record; those are skipped.
    package static func last(_ count: Int, in location: AuditLocation) -> (entries: [Entry], warnings: [String]) {
        var entries: [Entry] = [], warnings: [String] = []
        for index in 0...AuditLocation.keptFiles where entries.count < count {  // the live file, then .1, .2, .3
            let file = location.file(index)
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            let read = entriesOf(data, file: file)
            entries = read.entries + entries
            warnings = read.warnings + warnings
        }
        return (Array(entries.suffix(count)), warnings)
    }

    /// Every record in one file's bytes, in order.
    static func entriesOf(_ data: Data, file: String) -> (entries: [Entry], warnings: [String]) {
        var entries: [Entry] = [], warnings: [String] = []
        let decoder = JSONDecoder()
        for (number, bytes) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where !bytes.isEmpty {
            if let record = try? decoder.decode(AuditRecord.self, from: Data(bytes)) {
                entries.append(Entry(line: String(decoding: bytes, as: UTF8.self), record: record))
            } else {
                warnings.append("\(file):\(number + 1): not an audit record, skipped")
            }
        }
        return (entries, warnings)
    }
}
