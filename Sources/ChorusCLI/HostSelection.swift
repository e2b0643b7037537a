import Broadcasting

/// clush/pdsh selection options folded into one pattern, evaluated left to right:
/// `-w A -g web,db -x B` → `A,@web,@db!B` (the union first, then each exclusion).
struct HostSelection: Equatable {
    var include: [String] = []
    var groups: [String] = []
    var exclude: [String] = []

    var isEmpty: Bool { include.isEmpty && groups.isEmpty }

    var pattern: String {
        let groupPatterns = groups.flatMap { $0.split(separator: ",") }.map { $0.hasPrefix("@") ? String($0) : "@" + $0 }
        let union = (include + groupPatterns).joined(separator: ",")
        return exclude.reduce(union) { $0 + "!" + $1 }
    }
}
