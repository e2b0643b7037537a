// Strict UTF-8 validation, byte by byte, so invalid bytes can be named one at a time
// (`\xff`) instead of being swallowed into U+FFFD.

enum UTF8Scan {
    /// The length of the well-formed sequence starting at `index` (Unicode Table 3-7:
    /// no overlongs, no surrogates, nothing above U+10FFFF), or nil when it is not one.
    static func validLength(_ bytes: ArraySlice<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        guard let (length, second) = shape(of: lead), index + length <= bytes.endIndex,
            second.contains(bytes[index + 1])
        else { return nil }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return nil }
        return length
    }

    /// A lead byte's sequence length and the range its second byte must fall in.
    private static func shape(of lead: UInt8) -> (Int, ClosedRange<UInt8>)? {
        switch lead {
        case 0xC2...0xDF: (2, 0x80...0xBF)
        case 0xE0: (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80...0xBF)
        case 0xED: (3, 0x80...0x9F)
        case 0xF0: (4, 0x90...0xBF)
        case 0xF1...0xF3: (4, 0x80...0xBF)
        case 0xF4: (4, 0x80...0x8F)
        default: nil
        }
    }

    /// Whether every byte belongs to a well-formed sequence.
    static func isValid(_ bytes: [UInt8]) -> Bool {
        let slice = bytes[...]
        var index = slice.startIndex
        while index < slice.endIndex {
            guard let length = validLength(slice, at: index) else { return false }
            index += length
        }
        return true
    }

    /// Where to cut `bytes` at or before `limit` so a multi-byte character that straddles
    /// the limit moves whole into the next piece. Looks only at the bytes before the cut
    /// and at it, so the answer does not depend on how the line arrived in chunks.
    static func cutPoint(_ bytes: ArraySlice<UInt8>, limit: Int) -> Int {
        let cut = bytes.startIndex + limit
        guard cut < bytes.endIndex else { return bytes.endIndex }
        var start = cut
        while start > bytes.startIndex, cut - start < 3, isContinuation(bytes[start]) { start -= 1 }
        guard start > bytes.startIndex, start < cut, start + leadLength(bytes[start]) > cut else { return cut }
        return start
    }

    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// The length a lead byte announces; 1 for anything that does not lead a sequence.
    private static func leadLength(_ byte: UInt8) -> Int {
        switch byte {
        case 0xC0...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF7: 4
        default: 1
        }
    }
}
