// A stable colour per host: the same host has the same colour in every run and on every
// machine, so an operator learns it. Swift's `Hasher` is seeded per process, so the hash
// here is FNV-1a, which is fixed.

/// The palette hosts are coloured from. Red is left out (it means failure and stderr);
/// so are black and white (invisible on one background or the other).
public enum HostColor {
    /// SGR codes: green, yellow, blue, magenta, cyan, then their bright variants.
    public static let palette: [Int] = [32, 33, 34, 35, 36, 92, 93, 94, 95, 96]

    /// The SGR code for `host`.
    public static func code(for host: String) -> Int {
        palette[Int(fnv1a(host) % UInt32(palette.count))]
    }

    /// `text` wrapped in `host`'s colour and a reset.
    static func paint(_ text: String, for host: String) -> String {
        ANSI.paint(text, code: code(for: host))
    }

    /// 32-bit FNV-1a over the name's UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }
}

/// SGR escapes for the few colours the renderers use.
enum ANSI {
    static let red = 31
    static let green = 32
    static let blue = 34

    static func paint(_ text: String, code: Int) -> String {
        "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
