extension ExecChannel {
    /// What the host's login shell runs before a pty-less command, on the command's own
    /// first line (so the shell's messages keep the command's line numbers: `line 1`).
    /// POSIX sh only, for sh, dash and bash alike (`kill -s SIG --`: dash's `kill` takes
    /// no `-SIG --`):
    /// 1. print the marker with the shell's pid: sshd makes the shell a session leader,
    ///    so that is the command's process group, which a cancel kills;
    /// 2. keep the channel's stdin on fd 3 and give the command `/dev/null` instead, so
    ///    nothing waits for input that is never forwarded (`cat` ends at once);
    /// 3. start a watchdog that reads fd 3 until EOF, which sshd gives when the
    ///    connection or channel goes away, or when the shell has exited. If the shell is
    ///    still there the connection went first: TERM the group, then KILL it. It ignores
    ///    TERM itself (it is in the group) and leaves nothing behind after a normal end,
    ///    so `nohup job &` in a command keeps working as with ssh.
    static func wrapperPrologue(nonce: String) -> String {
        "printf '\(PGIDMarker.prefix)%s:%s\\n' \(nonce) \"$$\";exec 3<&0 </dev/null;"
            + "(trap '' TERM;while read -r _;do :;done <&3;"
            + "kill -0 $$&&{ kill -s TERM -- -$$;sleep 2;kill -s KILL -- -$$;})>/dev/null 2>&1 & exec 3<&-;"
    }

    /// A fresh random marker nonce: a command (or a login file) that prints a marker of
    /// its own cannot name the process group a cancel kills.
    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.utf8.count) + hex
    }
}
