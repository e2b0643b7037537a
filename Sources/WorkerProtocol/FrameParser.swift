import Secrets

/// Decodes one complete frame body (kind byte + payload, the length prefix already
/// stripped and checked). The mirror image of `ByteWriter+Payloads`.
enum FrameParser {
    static func parse(_ body: ArraySlice<UInt8>) throws(FrameError) -> Frame {
        guard let first = body.first else { throw .malformed("empty frame: no kind byte") }
        guard let kind = FrameKind(rawValue: first) else { throw .unknownKind(first) }
        var reader = ByteReader(body.dropFirst(), kind: kind)
        let frame = try parsePayload(kind, &reader)
        try reader.expectEnd()
        return frame
    }

    private static func parsePayload(_ kind: FrameKind, _ r: inout ByteReader) throws(FrameError) -> Frame {
        switch kind {
        case .hello: return .hello(try hello(&r))
        case .bye: return .bye
        case .log: return .log(level: try r.tag(LogLevel.self, "level"), message: try r.string("message"))
        case .openHost: return .openHost(try hostSpec(&r))
        case .closeHost: return .closeHost(hostID: try r.u32("hostID"))
        case .exec: return .exec(try exec(&r))
        case .transfer: return .transfer(try transfer(&r))
        case .cancel: return .cancel(jobID: try r.u64("jobID"), timedOut: try r.bool("timedOut"))
        case .credit: return .credit(jobID: try r.u64("jobID"), bytes: try r.u32("bytes"))
        case .input:
            let streamID = try r.u32("streamID")
            return .input(streamID: streamID, length: try r.u64("length"), ended: try r.bool("ended"))
        case .inputData:
            let streamID = try r.u32("streamID")
            return .inputData(streamID: streamID, offset: try r.u64("offset"), bytes: try r.blob("bytes"))
        case .inputFree:
            return .inputFree(streamID: try r.u32("streamID"), below: try r.u64("below"))
        case .inputTaken:
            let streamID = try r.u32("streamID")
            return .inputTaken(streamID: streamID, offset: try r.u64("offset"), jobs: try r.u32("jobs"))
        case .started: return .started(jobID: try r.u64("jobID"))
        case .output:
            let jobID = try r.u64("jobID")
            return .output(jobID: jobID, stream: try r.tag(StandardStream.self, "stream"), bytes: try r.blob("bytes"))
        case .progress:
            return .progress(jobID: try r.u64("jobID"), done: try r.u64("done"), total: try r.u64("total"))
        case .result: return .result(try result(&r))
        }
    }

    /// The version is read first and checked before anything else, so a peer of another
    /// version is refused clearly even if the rest of its hello is laid out differently.
    private static func hello(_ r: inout ByteReader) throws(FrameError) -> Hello {
        let version = try r.u16("version")
        guard version == ProtocolVersion.current else { throw .unsupportedVersion(version) }
        return Hello(version: version, role: try r.tag(Role.self, "role"), software: try r.string("software"))
    }

    private static func exec(_ r: inout ByteReader) throws(FrameError) -> ExecJob {
        let jobID = try r.u64("jobID")
        let hostID = try r.u32("hostID")
        let pty = try r.bool("pty")
        let timeout = try r.u32("timeoutMillis")
        let command = try r.string("command")
        let streamID = try r.u32("inputStream")
        let path = try r.string("inputPath")
        // Canonical: a path with no stream would be dropped, and re-encode differently.
        guard streamID != 0 || path.isEmpty else { throw r.malformed("inputPath: must be empty when inputStream is 0") }
        let input = streamID == 0 ? nil : InputStreamRef(streamID: streamID, path: path)
        let sudo: ExecJob.Sudo? = switch try r.tag(SudoTag.self, "sudo") {
        case .none: nil
        case .withoutPassword: ExecJob.Sudo(password: nil)
        case .withPassword: ExecJob.Sudo(password: Secret(try r.string("sudo password")))
        }
        return ExecJob(jobID: jobID, hostID: hostID, command: command, pty: pty, timeoutMillis: timeout, input: input, sudo: sudo)
    }

    private static func transfer(_ r: inout ByteReader) throws(FrameError) -> TransferJob {
        let jobID = try r.u64("jobID")
        let hostID = try r.u32("hostID")
        let direction = try r.tag(TransferJob.Direction.self, "direction")
        let destination = try r.string("destination")
        let recursive = try r.bool("recursive")
        let keepTimes = try r.bool("keepTimes")
        let checksum = try r.bool("checksum")
        let timeout = try r.u32("timeoutMillis")
        let count = Int(try r.u16("source count"))  // a u16 cannot exceed maxTransferSources
        var sources: [TransferJob.Source] = []
        for _ in 0..<count {
            let path = try r.string("source path")
            let relativePath = try r.string("relative path")
            let isDirectory = try r.bool("isDirectory")
            sources.append(TransferJob.Source(path: path, relativePath: relativePath, isDirectory: isDirectory,
                                              sha256: try optionalString(&r, "sha256")))
        }
        return TransferJob(jobID: jobID, hostID: hostID, direction: direction, sources: sources, destination: destination,
                           recursive: recursive, keepTimes: keepTimes, checksum: checksum, timeoutMillis: timeout)
    }

    private static func hostSpec(_ r: inout ByteReader) throws(FrameError) -> HostSpec {
        let hostID = try r.u32("hostID")
        let name = try r.string("name")
        let hostname = try r.string("hostname")
        let port = try r.u16("port")
        let username = try r.string("username")
        let auth = try authList(&r)
        return HostSpec(
            hostID: hostID, name: name, hostname: hostname, port: port, username: username, auth: auth,
            knownHostsPath: try r.string("knownHostsPath"),
            hostKeyPolicy: try r.tag(HostKeyPolicy.self, "hostKeyPolicy"),
            connectTimeoutMillis: try r.u32("connectTimeoutMillis"), keepaliveSeconds: try r.u16("keepaliveSeconds"),
            jumps: try jumpList(&r))
    }

    /// The count is checked against the cap before any jump is read or stored.
    private static func jumpList(_ r: inout ByteReader) throws(FrameError) -> [JumpSpec] {
        let count = Int(try r.u8("jump count"))
        guard count <= FrameLimits.maxJumps else {
            throw r.malformed("jump count: \(count) bastions, at most \(FrameLimits.maxJumps) allowed")
        }
        var jumps: [JumpSpec] = []
        for _ in 0..<count { jumps.append(try jump(&r)) }
        return jumps
    }

    private static func jump(_ r: inout ByteReader) throws(FrameError) -> JumpSpec {
        let name = try r.string("jump name")
        let hostname = try r.string("jump hostname")
        let port = try r.u16("jump port")
        let username = try r.string("jump username")
        let auth = try authList(&r)
        return JumpSpec(
            name: name, hostname: hostname, port: port, username: username, auth: auth,
            knownHostsPath: try r.string("jump knownHostsPath"),
            hostKeyPolicy: try r.tag(HostKeyPolicy.self, "jump hostKeyPolicy"),
            connectTimeoutMillis: try r.u32("jump connectTimeoutMillis"),
            keepaliveSeconds: try r.u16("jump keepaliveSeconds"))
    }

    /// The count is checked against the cap before any element is read or stored.
    private static func authList(_ r: inout ByteReader) throws(FrameError) -> [AuthSpec] {
        let count = Int(try r.u16("auth count"))
        guard count <= FrameLimits.maxAuthMethods else {
            throw r.malformed("auth count: \(count) methods, at most \(FrameLimits.maxAuthMethods) allowed")
        }
        var methods: [AuthSpec] = []
        for _ in 0..<count { methods.append(try auth(&r)) }
        return methods
    }

    private static func auth(_ r: inout ByteReader) throws(FrameError) -> AuthSpec {
        switch try r.tag(AuthTag.self, "auth method") {
        case .password: return .password(Secret(try r.string("password")))
        case .keyFile:
            let path = try r.string("key file path")
            return .keyFile(path: path, passphrase: try optionalString(&r, "passphrase").map(Secret.init))
        case .agent: return .agent(socket: try optionalString(&r, "agent socket"))
        case .keyData:
            let name = try r.string("key name")
            let key = try r.secretBlob("key")
            return .keyData(name: name, key: key, passphrase: try optionalString(&r, "passphrase").map(Secret.init))
        }
    }

    private static func result(_ r: inout ByteReader) throws(FrameError) -> JobResult {
        let jobID = try r.u64("jobID")
        let duration = try r.u32("durationMillis")
        return JobResult(jobID: jobID, outcome: try outcome(&r), durationMillis: duration)
    }

    private static func outcome(_ r: inout ByteReader) throws(FrameError) -> JobOutcome {
        switch try r.tag(OutcomeTag.self, "outcome") {
        case .exited: return .exited(try r.i32("exit status"))
        case .signalled: return .signalled(try r.string("signal"))
        case .timedOut: return .timedOut
        case .cancelled: return .cancelled
        case .failed: return .failed(kind: try r.string("failure kind"), message: try r.string("failure message"))
        }
    }

    private static func optionalString(_ r: inout ByteReader, _ field: String) throws(FrameError) -> String? {
        try r.bool("\(field) present") ? try r.string(field) : nil
    }
}
