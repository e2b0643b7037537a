#if canImport(Glibc)
import Glibc
#endif
import Broadcasting
import Posix

/// Host lists as pdsh and clush read them: `--hostfile FILE` and `-w ^FILE` read FILE,
/// `-w -` reads standard input. Each line is one pattern (a name, a range, `@group`);
/// blank lines and `#` comments are skipped. A line with a control character is refused
/// with the file and line, before anything is resolved.
enum HostListFile {
    /// Longest list read: a host list is names, not a log.
    static let byteLimit = 16 << 20

    /// The patterns of `path` (`-` for standard input, which then carries no command input).
    static func patterns(_ path: String, input: Int32?) throws(UsageError) -> [String] {
        let name = path == "-" ? "(standard input)" : path
        let bytes = try read(path, input: input, name: name)
        var patterns: [String] = []
        for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let text = trimmed(line.last == 0x0D ? line.dropLast() : line[...])
            guard !text.isEmpty, text.first != UInt8(ascii: "#") else { continue }
            guard !text.contains(where: PathBytes.isControl) else {
                throw UsageError("\(name):\(index + 1): a control character in a host name")
            }
            guard let pattern = String(validating: text, as: UTF8.self) else {
                throw UsageError("\(name):\(index + 1): not UTF-8")
            }
            patterns.append(pattern)
        }
        guard !patterns.isEmpty else { throw UsageError("\(name): no host names in it") }
        return patterns
    }

    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = line.firstIndex(where: { !blank($0) }), let last = line.lastIndex(where: { !blank($0) }) else { return [] }
        return line[first...last]
    }

    private static func read(_ path: String, input: Int32?, name: String) throws(UsageError) -> [UInt8] {
        let descriptor: Int32
        if path == "-" {
            guard let input else { throw UsageError("-w -: no standard input to read host names from") }
            descriptor = input
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw UsageError("cannot read host list \(path): \(errnoText())") }
        }
        defer { if path != "-" { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count <= byteLimit {
            let count = retryingOnInterrupt { chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) } }
            guard count >= 0 else { throw UsageError("cannot read host list \(name): \(errnoText())") }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
        throw UsageError("\(name): longer than \(byteLimit >> 20) MiB; a host list is one name per line")
    }
}
