/// Quoting for POSIX shells (sh, dash, bash, zsh, ksh).
public enum ShellQuoting {
    /// `text` as one shell word that the shell reads back unchanged, whatever it holds
    /// (blanks, quotes, `$`, backquotes, newlines): single quotes, with each `'` written
    /// as `'\''`. Plain words (letters, digits, `-_./:=@%+,`) stay bare for readability.
    public static func quote(_ text: String) -> String {
        if !text.isEmpty && text.unicodeScalars.allSatisfy(isPlain) { return text }
        return "'" + text.replacingAll("'", with: "'\\''") + "'"
    }

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "-", "_", ".", "/", ":", "=", "@", "%", "+", ",": true
        default: false
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation in this module).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for char in self {
            if char == target { result += replacement } else { result.append(char) }
        }
        return result
    }
}
