import Secrets

/// Reads the protocol's primitive fields from one frame's payload. Every read checks the
/// bytes left first, so a bad length becomes `FrameError.malformed`, never a trap or a
/// large allocation; the error names the frame kind and the field.
package struct ByteReader {
    private let bytes: ArraySlice<UInt8>
    private var position: Int
    /// What is being read, for errors: a frame kind, or another message's name.
    private let context: String

    init(_ bytes: ArraySlice<UInt8>, kind: FrameKind) {
        self.init(bytes, context: kind.description)
    }

    package init(_ bytes: ArraySlice<UInt8>, context: String) {
        self.bytes = bytes
        self.position = bytes.startIndex
        self.context = context
    }

    package var remaining: Int { bytes.endIndex - position }

    package mutating func u8(_ field: String) throws(FrameError) -> UInt8 {
        let byte = try take(1, field)
        return byte[byte.startIndex]  // a slice keeps its base's indices
    }

    package mutating func u16(_ field: String) throws(FrameError) -> UInt16 {
        try bigEndian(field)
    }

    package mutating func u32(_ field: String) throws(FrameError) -> UInt32 {
        try bigEndian(field)
    }

    package mutating func u64(_ field: String) throws(FrameError) -> UInt64 {
        try bigEndian(field)
    }

    package mutating func i32(_ field: String) throws(FrameError) -> Int32 {
        Int32(bitPattern: try u32(field))
    }

    /// A `u8` that must be 0 or 1.
    package mutating func bool(_ field: String) throws(FrameError) -> Bool {
        switch try u8(field) {
        case 0: return false
        case 1: return true
        case let other: throw malformed("\(field): boolean byte \(other) is neither 0 nor 1")
        }
    }

    /// A `u8` that must be the raw value of one of `T`'s cases.
    package mutating func tag<T: RawRepresentable<UInt8>>(_ type: T.Type, _ field: String) throws(FrameError) -> T {
        let raw = try u8(field)
        guard let value = T(rawValue: raw) else { throw malformed("\(field): unknown tag \(raw)") }
        return value
    }

    /// `u32` length + bytes, the length checked against the bytes left before copying.
    package mutating func blob(_ field: String) throws(FrameError) -> [UInt8] {
        let length = try u32(field)
        return Array(try take(Int(length), field))
    }

    /// A `blob` that is a secret (a key's contents): copied once, straight from the
    /// frame into `SecretBytes`, with no array in between to leave a copy behind.
    package mutating func secretBlob(_ field: String) throws(FrameError) -> SecretBytes {
        let length = try u32(field)
        return SecretBytes(try take(Int(length), field))
    }

    /// `u32` length + bytes that must be valid UTF-8.
    package mutating func string(_ field: String) throws(FrameError) -> String {
        let length = try u32(field)
        let utf8 = try take(Int(length), field)
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw malformed("\(field): string is not valid UTF-8")
        }
        return text
    }

    /// Succeeds only if the payload has been read to its last byte.
    package func expectEnd() throws(FrameError) {
        guard remaining == 0 else { throw malformed("\(remaining) trailing byte(s) after the last field") }
    }

    package func malformed(_ detail: String) -> FrameError {
        .malformed("\(context): \(detail)")
    }

    private mutating func take(_ count: Int, _ field: String) throws(FrameError) -> ArraySlice<UInt8> {
        guard count <= remaining else {
            throw malformed("\(field): needs \(count) byte(s), only \(remaining) left in the frame")
        }
        let slice = bytes[position..<position + count]
        position += count
        return slice
    }

    private mutating func bigEndian<T: FixedWidthInteger & UnsignedInteger>(_ field: String) throws(FrameError) -> T {
        var value: T = 0
        for byte in try take(T.bitWidth / 8, field) {
            value = value << 8 | T(byte)
        }
        return value
    }
}
