/// Standard base64 (RFC 4648), as OpenSSH prints keys and fingerprints.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    /// Each byte's value in the alphabet, -1 for the others; built once (known_hosts
    /// decodes a key per line, again whenever the file changes).
    private static let lookup: [Int] = {
        var table = [Int](repeating: -1, count: 256)
        for (index, symbol) in alphabet.enumerated() { table[Int(symbol)] = index }
        return table
    }()

    static func encode(_ bytes: [UInt8], padded: Bool = true) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(0) { $0 | (Int($1.element) << (16 - 8 * $1.offset)) }
            let symbols = chunk.count + 1
            for position in 0..<4 {
                if position < symbols {
                    out.append(alphabet[(value >> (18 - 6 * position)) & 63])
                } else if padded {
                    out.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes standard base64, padded or not; nil on any other character.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var out = [UInt8](), buffer = 0, bits = 0
        for symbol in text.utf8 where symbol != UInt8(ascii: "=") {
            let value = lookup[Int(symbol)]
            guard value >= 0 else { return nil }
            buffer = (buffer << 6) | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> bits) & 0xff))
            }
        }
        return out
    }
}
