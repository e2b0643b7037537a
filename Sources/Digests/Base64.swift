import CLibCrypto

/// Standard base64 (RFC 4648), the one codec for known_hosts keys and salts, key
/// fingerprints (unpadded, as OpenSSH prints them) and JSON output that is not UTF-8.
public enum Base64 {
    /// At most this many input bytes per `EVP_EncodeBlock` call: a multiple of 3, so
    /// only the last call pads, and far below its `int` length.
    private static let encodeChunk = 3 * 65_536

    /// The corresponding C function is `EVP_EncodeBlock` (which always pads; the
    /// padding is then dropped when `padded` is false).
    public static func encode(_ bytes: [UInt8], padded: Bool = true) -> String {
        let full = (bytes.count + 2) / 3 * 4
        // One byte more: EVP_EncodeBlock ends what it writes with a NUL.
        return String(unsafeUninitializedCapacity: full + 1) { out in
            guard let base = out.baseAddress else { return 0 }
            var written = 0
            bytes.withUnsafeBufferPointer { input in
                for start in stride(from: 0, to: input.count, by: encodeChunk) {
                    let count = min(encodeChunk, input.count - start)
                    written += Int(EVP_EncodeBlock(base + written, input.baseAddress.map { $0 + start }, Int32(count)))
                }
            }
            guard !padded else { return written }
            while written > 0, out[written - 1] == UInt8(ascii: "=") { written -= 1 }
            return written
        }
    }

    /// Each byte's value in the alphabet, -1 for the others; built once (known_hosts
    /// decodes a key per line, again whenever the file changes).
    private static let lookup: [Int] = {
        var table = [Int](repeating: -1, count: 256)
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
        for (index, symbol) in alphabet.enumerated() { table[Int(symbol)] = index }
        return table
    }()

    /// Decodes standard base64, padded or not; nil on any other character (blanks
    /// included). Kept in Swift: `EVP_DecodeBlock` skips blanks and insists on padding,
    /// and known_hosts lines must be read as they were.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var text = String(text)
        return text.withUTF8(decode(utf8:))
    }

    /// The same, for text already in bytes (a known_hosts field).
    public static func decode(bytes: ArraySlice<UInt8>) -> [UInt8]? {
        bytes.withUnsafeBufferPointer(decode(utf8:))
    }

    /// One pass over contiguous bytes: the generic entry points above come here, so the
    /// loop is compiled once for plain memory (a known_hosts file decodes a key per line).
    private static func decode(utf8 text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out = [UInt8](), buffer = 0, bits = 0
        out.reserveCapacity(text.count / 4 * 3 + 3)
        for symbol in text where symbol != UInt8(ascii: "=") {
            let value = lookup[Int(symbol)]
            guard value >= 0 else { return nil }
            buffer = (buffer << 6 | value) & 0xFFFFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> bits) & 0xff))
            }
        }
        return out
    }
}
