import Broadcasting

/// clush/pdsh selection options folded into one pattern, evaluated left to right:
/// `-w A -g web,db -x B` → `A,@web,@db!B` (the union first, then each exclusion).
struct HostSelection: Equatable {
    var include: [String] = []
    var groups: [String] = []
    var exclude: [String] = []

    var isEmpty: Bool { include.isEmpty && groups.isEmpty }

    /// Each exclusion's comma-separated parts are taken away one by one: `-x web01,web02`
    /// is `!web01!web02` (as one `!web01,web02` it would read `(…!web01),web02`).
    var pattern: String {
        let groupPatterns = groups.flatMap { $0.split(separator: ",") }.map { $0.hasPrefix("@") ? String($0) : "@" + $0 }
        let union = (include + groupPatterns).joined(separator: ",")
        return exclude.flatMap(Self.topLevelParts).reduce(union) { $0 + "!" + $1 }
    }

    /// `a,b[1,2],@c` → `a`, `b[1,2]`, `@c`: split at commas outside brackets, on bytes.
    static func topLevelParts(_ pattern: String) -> [String] {
        var parts: [String] = [], current: [UInt8] = [], depth = 0
        for byte in pattern.utf8 {
            if byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "]") { depth = max(0, depth - 1) }
            if byte == UInt8(ascii: ","), depth == 0 {
                parts.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(byte)
            }
        }
        parts.append(String(decoding: current, as: UTF8.self))
        return parts.filter { !$0.isEmpty }
    }
}
