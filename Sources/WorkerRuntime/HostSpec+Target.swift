import SSHClient
import WorkerProtocol

extension HostSpec {
    /// The SSH client's view of the host's settings.
    var target: SSHTarget {
        SSHTarget(
            hostname: hostname, port: Int(port), username: username, auth: auth.map(\.method),
            knownHostsPath: knownHostsPath, hostKeyPolicy: hostKeyPolicy.targetPolicy,
            connectTimeout: connectTimeoutSeconds, keepaliveInterval: Double(keepaliveSeconds))
    }

    /// `UInt32.max` milliseconds means no limit (`:set connect_timeout none`).
    var connectTimeoutSeconds: Double {
        connectTimeoutMillis == .max ? .infinity : Double(connectTimeoutMillis) / 1000
    }
}

extension AuthSpec {
    var method: SSHTarget.AuthMethod {
        switch self {
        case .password(let secret): .password(secret)
        case .keyFile(let path, let passphrase): .keyFile(path: path, passphrase: passphrase)
        case .agent(let socket): .agent(socket: socket)
        }
    }
}

extension WorkerProtocol.HostKeyPolicy {
    var targetPolicy: SSHTarget.HostKeyPolicy {
        switch self {
        case .strict: .strict
        case .acceptNew: .acceptNew
        case .off: .off
        }
    }
}

extension ExecOutcome {
    /// The protocol's words for how a command ended.
    var jobOutcome: JobOutcome {
        switch self {
        case .exited(let status): .exited(status)
        case .signalled(let name): .signalled(name)
        case .cancelled(let timedOut): timedOut ? .timedOut : .cancelled
        case .failed(let error): .failed(kind: error.kind.rawValue, message: error.message)
        }
    }
}
