import SSHClient
import WorkerProtocol

extension HostSpec {
    /// The SSH client's view of the host's settings, its bastions included; messages name
    /// the host and each bastion as the shell does. A known_hosts path starting with `~/`
    /// is the worker's own home (see `HomeRelativePath`).
    var target: SSHTarget {
        var target = SSHTarget(
            hostname: hostname, port: Int(port), username: username, auth: auth.map(\.method),
            knownHostsPath: HomeRelativePath.expanded(knownHostsPath), hostKeyPolicy: hostKeyPolicy.targetPolicy,
            connectTimeout: connectTimeoutSeconds, keepaliveInterval: Double(keepaliveSeconds))
        target.label = name
        target.jumps = jumps.map(\.target)
        return target
    }

    /// `UInt32.max` milliseconds means no limit (`:set connect_timeout none`).
    var connectTimeoutSeconds: Double {
        connectTimeoutMillis == .max ? .infinity : Double(connectTimeoutMillis) / 1000
    }
}

extension JumpSpec {
    /// A bastion as a target of its own; the loop shares one session per equal target.
    var target: SSHTarget {
        var target = SSHTarget(
            hostname: hostname, port: Int(port), username: username, auth: auth.map(\.method),
            knownHostsPath: HomeRelativePath.expanded(knownHostsPath), hostKeyPolicy: hostKeyPolicy.targetPolicy,
            connectTimeout: connectTimeoutMillis == .max ? .infinity : Double(connectTimeoutMillis) / 1000,
            keepaliveInterval: Double(keepaliveSeconds))
        target.label = name
        return target
    }
}

extension AuthSpec {
    var method: SSHTarget.AuthMethod {
        switch self {
        case .password(let secret): .password(secret)
        case .keyFile(let path, let passphrase): .keyFile(path: path, passphrase: passphrase)
        case .agent(let socket): .agent(socket: socket)
        case .keyData(let name, let key, let passphrase): .keyData(name: name, key: key, passphrase: passphrase)
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
