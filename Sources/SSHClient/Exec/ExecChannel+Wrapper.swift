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
    static func wrapperPrologue(nonce: String, forwardsInput: Bool = false) -> String {
        let marker = "printf '\(PGIDMarker.prefix)%s:%s\\n' \(nonce) \"$$\";"
        return marker + (forwardsInput ? inputWatchdog : nullInputWatchdog)
    }

    /// Steps 2 and 3 above, when the command's input is not forwarded.
    private static let nullInputWatchdog = "exec 3<&0 </dev/null;"
        + "(trap '' TERM;while read -r _;do :;done <&3;"
        + "kill -0 $$&&{ kill -s TERM -- -$$;sleep 2;kill -s KILL -- -$$;})>/dev/null 2>&1 & exec 3<&-;"

    /// When the channel's stdin carries input for the command, its end-of-file is the
    /// input's end, not the connection's. The watchdog then watches the shell's parent
    /// instead: the sshd process serving this connection, which exits when the
    /// connection goes. It checks once a second and leaves within a second of a normal
    /// end (it holds none of the command's output, so nothing waits for it). `ps -p`
    /// confirms a failed `kill -0`, which also fails on a parent of another user.
    private static let inputWatchdog = "(trap '' TERM;while kill -0 $$&&{ kill -0 $PPID||ps -p $PPID;};do sleep 1;done;"
        + "kill -0 $$&&{ kill -s TERM -- -$$;sleep 2;kill -s KILL -- -$$;})</dev/null >/dev/null 2>&1 &"

    /// A fresh random marker nonce: a command (or a login file) that prints a marker of
    /// its own cannot name the process group a cancel kills.
    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = generator.next() as UInt64
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.utf8.count) + hex
    }
}
