#if canImport(Glibc)
import Glibc
#endif

/// The value readers of readconf.c and misc.c, each returning nil for a value ssh refuses.
enum ValueParsers {
    /// `multistate_flag`: yes/no/true/false, any case.
    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "true": true
        case "no", "false": false
        default: nil
        }
    }

    /// `multistate_strict_hostkey`.
    static func strictHostKeyChecking(_ text: String) -> SSHStrictHostKeyChecking? {
        switch text.lowercased() {
        case "yes", "true": .yes
        case "no", "false", "off": .no
        case "ask": .ask
        case "accept-new": .acceptNew
        default: nil
        }
    }

    /// `strtonum(text, low, high)`: optional blanks and sign, decimal digits, in range.
    static func integer(_ text: String, in range: ClosedRange<Int>) -> Int? {
        var digits = Substring(text).drop { $0 == " " || $0 == "\t" || $0 == "\n" }
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.count <= 12,
            let magnitude = Int(digits)
        else { return nil }
        let value = negative ? -magnitude : magnitude
        return range.contains(value) ? value : nil
    }

    /// `a2port`: 0…65535 or a service name from /etc/services (`ssh` → 22). ssh then
    /// refuses 0 for `Port`. The corresponding C function is `getservbyname`.
    static func port(_ text: String) -> Int? {
        if let number = integer(text, in: 0...65535) { return number }
        guard let entry = getservbyname(text, "tcp") else { return nil }
        return Int(UInt16(bigEndian: UInt16(truncatingIfNeeded: entry.pointee.s_port)))
    }

    /// ssh's default port (`default_ssh_port`): the `ssh` service, else 22.
    static var defaultPort: Int { port("ssh") ?? 22 }

    /// `convtime`: a sequence of numbers each with an optional unit (s m h d w, any
    /// case), summed, at most `Int32.max` seconds; `90`, `1m30s`.
    static func seconds(_ text: String) -> Int? {
        var bytes = Array(text.utf8)[...]
        guard !bytes.isEmpty else { return nil }
        var total = 0
        while !bytes.isEmpty {
            guard let (value, rest) = leadingNumber(bytes) else { return nil }
            var multiplier = 1
            if let unit = rest.first {
                guard let m = unitSeconds(unit) else { return nil }
                multiplier = m
            }
            bytes = rest.isEmpty ? rest : rest.dropFirst()
            guard value <= Int(Int32.max) / multiplier else { return nil }
            total += value * multiplier
            guard total <= Int(Int32.max) else { return nil }
        }
        return total
    }

    /// `strtol` at the start of `bytes` (blanks, sign, digits), refusing negatives.
    private static func leadingNumber(_ bytes: ArraySlice<UInt8>) -> (Int, ArraySlice<UInt8>)? {
        var rest = bytes.drop { $0 == 0x20 || $0 == 0x09 }
        var negative = false
        if let sign = rest.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { (0x30...0x39).contains($0) }
        guard !digits.isEmpty else { return nil }
        guard digits.count <= 12, let value = Int(String(decoding: digits, as: UTF8.self)) else { return nil }
        guard !negative || value == 0 else { return nil }
        return (value, rest.dropFirst(digits.count))
    }

    private static func unitSeconds(_ unit: UInt8) -> Int? {
        switch ConfigLexer.lowercased(unit) {
        case UInt8(ascii: "s"): 1
        case UInt8(ascii: "m"): 60
        case UInt8(ascii: "h"): 3600
        case UInt8(ascii: "d"): 86400
        case UInt8(ascii: "w"): 604800
        default: nil
        }
    }

    /// `valid_env_name`: letters, digits and `_`, not empty.
    static func isEnvironmentName(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
        }
    }
}
