import Secrets

/// A command to run on one host, sent in an `exec` frame.
public struct ExecJob: Sendable, Equatable {
    /// The shell's number for this job, unique within one stream; every frame about the
    /// job (`started`, `output`, `progress`, `result`, `cancel`, `credit`) carries it.
    public var jobID: UInt64
    /// The host, as named by an earlier `openHost`.
    public var hostID: UInt32
    /// The command line, run by the remote user's shell.
    public var command: String
    /// Whether to request a pseudo-terminal for the command.
    public var pty: Bool
    /// Milliseconds the command may run before the worker stops it and reports
    /// `timedOut`; 0 means no limit. Measured on the worker's clock only.
    public var timeoutMillis: UInt32
    /// The input stream fed to the command's standard input; nil: the command reads
    /// nothing (`/dev/null`).
    public var input: InputStreamRef?
    /// Run the command through `sudo` on the host; the password answers its prompt
    /// (nil: none was given, so only hosts that need none run it).
    public var sudo: Sudo?

    public struct Sudo: Sendable, Equatable {
        public var password: Secret?
        public init(password: Secret?) { self.password = password }
    }

    public init(jobID: UInt64, hostID: UInt32, command: String, pty: Bool = false, timeoutMillis: UInt32 = 0,
                input: InputStreamRef? = nil, sudo: Sudo? = nil) {
        self.jobID = jobID
        self.hostID = hostID
        self.command = command
        self.pty = pty
        self.timeoutMillis = timeoutMillis
        self.input = input
        self.sudo = sudo
    }
}

/// Where a command's standard input comes from: a spool file the shell fills as it reads
/// its own standard input, on the worker's machine, announced as it grows by `input`
/// frames for `streamID`. Every job reads it from the start, at its own pace.
public struct InputStreamRef: Sendable, Equatable {
    /// The shell's number for the stream, unique within one stream of frames; never 0.
    public var streamID: UInt32
    /// The spool file's path on the worker's machine; empty: the bytes come in
    /// `inputData` frames and the worker keeps its own copy (a worker on a gateway).
    public var path: String

    /// Whether the stream's bytes arrive in frames rather than in a file to read.
    public var arrivesInFrames: Bool { path.isEmpty }

    public init(streamID: UInt32, path: String) {
        self.streamID = streamID
        self.path = path
    }
}
