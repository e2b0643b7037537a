/// Appends the protocol's primitive fields to a byte buffer: fixed-width big-endian
/// integers, `u8` booleans and tags, `u32`-length-prefixed strings and blobs.
package struct ByteWriter {
    package private(set) var bytes: [UInt8] = []

    package init(reservingCapacity capacity: Int = 64) {
        bytes.reserveCapacity(capacity)
    }

    package mutating func u8(_ value: UInt8) { bytes.append(value) }

    package mutating func u16(_ value: UInt16) { bigEndian(value) }

    package mutating func u32(_ value: UInt32) { bigEndian(value) }

    package mutating func u64(_ value: UInt64) { bigEndian(value) }

    package mutating func i32(_ value: Int32) { bigEndian(UInt32(bitPattern: value)) }

    package mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// A string as `u32` length + its UTF-8 bytes (Swift strings are always valid UTF-8).
    package mutating func string(_ value: String) { blob(value.utf8) }

    /// `u32` length + the bytes. A blob over 4 GiB cannot be a valid frame anyway; its
    /// length is clamped so that the receiver refuses the frame rather than misreading it.
    package mutating func blob(_ value: some Collection<UInt8>) {
        u32(UInt32(clamping: value.count))
        bytes.append(contentsOf: value)
    }

    /// Overwrites four bytes at `offset` with `value`, big-endian (for the length prefix).
    package mutating func patchU32(_ value: UInt32, at offset: Int) {
        for index in 0..<4 {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (24 - 8 * index))
        }
    }

    private mutating func bigEndian(_ value: some FixedWidthInteger) {
        let width = value.bitWidth / 8
        for index in 0..<width {
            bytes.append(UInt8(truncatingIfNeeded: value >> ((width - 1 - index) * 8)))
        }
    }
}
