/// configparser's BasicInterpolation: `%(name)s` is replaced by the raw value of `name`
/// from the same section or `[DEFAULT]` (itself interpolated, at most 10 deep), `%%` is a
/// literal `%`, and any other `%` is an error. A port of `_interpolate_some`.
struct IniInterpolation {
    static let maxDepth = 10

    /// The section's keys and the inherited `[DEFAULT]` keys (configparser's ChainMap).
    let values: [String: String]

    init(entries: [IniDocument.Entry]) {
        var values: [String: String] = [:]
        for entry in entries where values[entry.key] == nil { values[entry.key] = entry.rawValue }
        self.values = values
    }

    enum Failure: Error {
        case missing(String)
        /// A bad `%`: what is wrong, the value's text from that `%` on, and the key whose
        /// value it is (the key being read, or one it refers to).
        case syntax(reason: String, found: String, inKey: String)
        case depth
    }

    mutating func interpolate(_ raw: String, of key: String) throws(Failure) -> String {
        var output = ""
        try expand(Substring(raw), of: key, into: &output, depth: 1)
        return output
    }

    private mutating func expand(_ text: Substring, of key: String, into output: inout String, depth: Int) throws(Failure) {
        if depth > Self.maxDepth { throw .depth }
        var rest = text
        while !rest.isEmpty {
            guard let percent = rest.firstIndex(of: "%") else {
                output += rest
                return
            }
            output += rest[..<percent]
            rest = rest[percent...]
            let next = rest.dropFirst().first
            if next == "%" {
                output += "%"
                rest = rest.dropFirst(2)
            } else if next == "(" {
                guard let (name, after) = Self.reference(in: rest) else {
                    throw .syntax(reason: "bad reference", found: String(rest), inKey: key)
                }
                let reference = name.lowercased()
                guard let value = values[reference] else { throw .missing(reference) }
                if value.contains("%") {
                    try expand(Substring(value), of: reference, into: &output, depth: depth + 1)
                } else {
                    output += value
                }
                rest = after
            } else {
                throw .syntax(reason: "'%' must be followed by '%' or '(', found", found: String(rest), inKey: key)
            }
        }
    }

    /// `%\(([^)]+)\)s` at the start of `text`: the name and what follows.
    private static func reference(in text: Substring) -> (String, Substring)? {
        let body = text.dropFirst(2)
        guard let close = body.firstIndex(of: ")"), close > body.startIndex else { return nil }
        let after = body[body.index(after: close)...]
        guard after.first == "s" else { return nil }
        return (String(body[..<close]), after.dropFirst())
    }
}

extension IniDocument {
    /// A section's keys with their interpolated values, in configparser's order, each
    /// with the line it was written on. Throws configparser's interpolation errors,
    /// placed at the line of the key being read.
    public func values(of section: Section) throws(InventoryError) -> [(key: String, value: String, line: Int)] {
        let entries = inheritedEntries(of: section)
        var interpolation = IniInterpolation(entries: entries)
        var result: [(key: String, value: String, line: Int)] = []
        for entry in entries {
            do {
                result.append((entry.key, try interpolation.interpolate(entry.rawValue, of: entry.key), entry.line))
            } catch {
                throw InventoryError(Self.kind(of: error, key: entry.key), file: file, line: entry.line)
            }
        }
        return result
    }

    private static func kind(of failure: IniInterpolation.Failure, key: String) -> InventoryError.Kind {
        switch failure {
        case .missing(let reference): .interpolationMissing(key: key, reference: reference)
        case .syntax(let reason, let found, let inKey):
            // A password's text is never quoted, even the part after its first `%`.
            .interpolationSyntax(key: key, detail: HostField.mayHoldSecret(key) || HostField.mayHoldSecret(inKey)
                ? "\(reason) a '%' in the value of '\(inKey)' (not shown: it may hold a secret)"
                : "\(reason) \(found.debugDescription)")
        case .depth: .interpolationDepth(key: key)
        }
    }
}
