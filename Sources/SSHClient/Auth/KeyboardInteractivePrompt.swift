/// One question of a keyboard-interactive round (RFC 4256 SSH_MSG_USERAUTH_INFO_REQUEST),
/// and the rule that says whether Chorus answers it with the host's password.
///
/// Chorus only ever has a password to give, so it answers a prompt only when the prompt
/// plainly asks for one: it does not echo, and its text, trimmed, ends in `password` or
/// `password:` or says `password for …` (`passwort` alike, for German PAM stacks), and
/// has no word `new` (an expired password's `New password:` / `Retype new password:` must
/// not be answered with the old one). So `Password:`, `user@host's password:`,
/// `Password for user@REALM:`, `LDAP Password:` and `Current password:` are answered;
/// `Verification code:`, `Enter PASSCODE:` (a one-time code, not the password),
/// `First Factor:`, any echoed prompt and pam_ftp's `…e-mail address as password.` are not.
package struct KeyboardInteractivePrompt: Equatable, Sendable {
    /// The server's text, as UTF-8 (lossy): it is only matched and quoted, never run.
    package var text: String
    package var echo: Bool

    package init(text: String, echo: Bool) {
        self.text = text
        self.echo = echo
    }

    package var asksForPassword: Bool {
        guard !echo else { return false }
        let lowered = text.lowercased()
        let words = lowered.split { !$0.isLetter }
        guard !words.contains("new") else { return false }
        var trimmed = Substring(lowered).drop { $0.isWhitespace }
        while let last = trimmed.last, last.isWhitespace || last == ":" { trimmed.removeLast() }
        return ["password", "passwort"].contains { trimmed.hasSuffix($0) || lowered.contains($0 + " for ") }
    }
}
