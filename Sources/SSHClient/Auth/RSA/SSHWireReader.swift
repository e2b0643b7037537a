/// Reads the SSH wire encoding (RFC 4251 §5): `uint32`, `string`, `mpint`. Used for
/// OpenSSH private key files and ssh-agent replies; nil on any short read.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func uint32() -> UInt32? {
        guard bytes.count - offset >= 4 else { return nil }
        defer { offset += 4 }
        return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func string() -> [UInt8]? {
        guard let length = uint32().map(Int.init), bytes.count - offset >= length else { return nil }
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }

    mutating func text() -> String? { string().map { String(decoding: $0, as: UTF8.self) } }

    /// Consumes exactly `prefix` or nothing.
    mutating func skip(prefix: [UInt8]) -> Bool {
        guard bytes[offset...].starts(with: prefix) else { return false }
        offset += prefix.count
        return true
    }
}

/// Writes the SSH wire encoding.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func uint32(_ value: UInt32) {
        bytes += [UInt8(value >> 24 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    mutating func byte(_ value: UInt8) { bytes.append(value) }

    mutating func string(_ value: [UInt8]) {
        uint32(UInt32(value.count))
        bytes += value
    }

    mutating func string(_ value: String) { string(Array(value.utf8)) }

    /// An `mpint` from a non-negative big-endian magnitude: leading zeros dropped, one
    /// zero byte added when the top bit is set (so it does not read as negative).
    mutating func mpint(magnitude: [UInt8]) {
        let trimmed = Array(magnitude.drop { $0 == 0 })
        string(trimmed.first.map { $0 & 0x80 != 0 } == true ? [0] + trimmed : trimmed)
    }
}
