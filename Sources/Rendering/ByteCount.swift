/// Byte counts for people, in decimal units as transfer rates are usually given:
/// `512 B`, `1.5 kB`, `100.0 MB`, `2.3 GB`.
public enum ByteCount {
    public static func text(_ bytes: UInt64) -> String {
        let units = ["kB", "MB", "GB", "TB", "PB"]
        guard bytes >= 1000 else { return "\(bytes) B" }
        var value = Double(bytes) / 1000
        var unit = 0
        while value >= 999.95 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
