import Secrets

/// The payload layout of every frame kind (PROTOCOL.md has the same tables). Each kind's
/// decoding counterpart is in `FrameParser`; keep the two in step field by field.
extension ByteWriter {
    mutating func payload(of frame: Frame) {
        switch frame {
        case .hello(let hello): self.hello(hello)
        case .openHost(let spec): hostSpec(spec)
        case .closeHost(let hostID): u32(hostID)
        case .exec(let job): exec(job)
        case .transfer(let job): transfer(job)
        case .cancel(let jobID, let timedOut): u64(jobID); bool(timedOut)
        case .credit(let jobID, let bytes): u64(jobID); u32(bytes)
        case .input(let streamID, let length, let ended): u32(streamID); u64(length); bool(ended)
        case .inputData(let streamID, let offset, let bytes): u32(streamID); u64(offset); blob(bytes)
        case .inputFree(let streamID, let below): u32(streamID); u64(below)
        case .inputTaken(let streamID, let offset, let jobs): u32(streamID); u64(offset); u32(jobs)
        case .started(let jobID): u64(jobID)
        case .output(let jobID, let stream, let bytes): u64(jobID); u8(stream.rawValue); blob(bytes)
        case .progress(let jobID, let done, let total): u64(jobID); u64(done); u64(total)
        case .result(let result): self.result(result)
        case .log(let level, let message): u8(level.rawValue); string(message)
        case .bye: break
        }
    }

    private mutating func hello(_ hello: Hello) {
        u16(hello.version)
        u8(hello.role.rawValue)
        string(hello.software)
    }

    private mutating func exec(_ job: ExecJob) {
        u64(job.jobID)
        u32(job.hostID)
        bool(job.pty)
        u32(job.timeoutMillis)
        string(job.command)
        u32(job.input?.streamID ?? 0)
        string(job.input?.path ?? "")
        switch job.sudo {
        case nil: u8(SudoTag.none.rawValue)
        case let sudo?:
            if let password = sudo.password {
                u8(SudoTag.withPassword.rawValue); string(password.reveal())
            } else {
                u8(SudoTag.withoutPassword.rawValue)
            }
        }
    }

    private mutating func transfer(_ job: TransferJob) {
        u64(job.jobID)
        u32(job.hostID)
        u8(job.direction.rawValue)
        string(job.destination)
        bool(job.recursive)
        bool(job.keepTimes)
        bool(job.checksum)
        u32(job.timeoutMillis)
        u16(UInt16(clamping: job.sources.count))  // over the cap: the receiver refuses it
        for source in job.sources {
            string(source.path)
            string(source.relativePath)
            bool(source.isDirectory)
            optionalString(source.sha256)
        }
    }

    private mutating func hostSpec(_ spec: HostSpec) {
        u32(spec.hostID)
        string(spec.name)
        string(spec.hostname)
        u16(spec.port)
        string(spec.username)
        u16(UInt16(clamping: spec.auth.count))  // over the cap: the receiver refuses it
        for method in spec.auth { auth(method) }
        string(spec.knownHostsPath)
        u8(spec.hostKeyPolicy.rawValue)
        u32(spec.connectTimeoutMillis)
        u16(spec.keepaliveSeconds)
        u8(UInt8(clamping: spec.jumps.count))  // over the cap: the receiver refuses it
        for jump in spec.jumps { self.jump(jump) }
    }

    /// A host's fields from `name` to `keepaliveSeconds`, without `hostID` and jumps.
    private mutating func jump(_ jump: JumpSpec) {
        string(jump.name)
        string(jump.hostname)
        u16(jump.port)
        string(jump.username)
        u16(UInt16(clamping: jump.auth.count))
        for method in jump.auth { auth(method) }
        string(jump.knownHostsPath)
        u8(jump.hostKeyPolicy.rawValue)
        u32(jump.connectTimeoutMillis)
        u16(jump.keepaliveSeconds)
    }

    private mutating func auth(_ method: AuthSpec) {
        switch method {
        case .password(let secret):
            u8(AuthTag.password.rawValue); string(secret.reveal())
        case .keyFile(let path, let passphrase):
            u8(AuthTag.keyFile.rawValue); string(path); optionalString(passphrase?.reveal())
        case .agent(let socket):
            u8(AuthTag.agent.rawValue); optionalString(socket)
        case .keyData(let name, let key, let passphrase):
            u8(AuthTag.keyData.rawValue); string(name)
            key.withUnsafeBytes { blob($0) }
            optionalString(passphrase?.reveal())
        }
    }

    private mutating func result(_ result: JobResult) {
        u64(result.jobID)
        u32(result.durationMillis)
        switch result.outcome {
        case .exited(let status): u8(OutcomeTag.exited.rawValue); i32(status)
        case .signalled(let signal): u8(OutcomeTag.signalled.rawValue); string(signal)
        case .timedOut: u8(OutcomeTag.timedOut.rawValue)
        case .cancelled: u8(OutcomeTag.cancelled.rawValue)
        case .failed(let kind, let message): u8(OutcomeTag.failed.rawValue); string(kind); string(message)
        }
    }

    /// `u8` 0 (absent) or 1 followed by the string.
    private mutating func optionalString(_ value: String?) {
        guard let value else { return u8(0) }
        u8(1)
        string(value)
    }
}

/// The `u8` tag before each `AuthSpec` in an `openHost` frame.
enum AuthTag: UInt8 {
    case password = 1, keyFile = 2, agent = 3, keyData = 4
}

/// `exec`'s `sudo` field: not at all, without a password, or with one that follows.
enum SudoTag: UInt8 {
    case none = 0, withoutPassword = 1, withPassword = 2
}

/// The `u8` tag before a `JobOutcome` in a `result` frame.
enum OutcomeTag: UInt8 {
    case exited = 1, signalled = 2, timedOut = 3, cancelled = 4, failed = 5
}
