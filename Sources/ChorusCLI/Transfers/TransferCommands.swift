import Broadcasting
import WorkerProtocol

/// `chorus put`, `chorus get` and the original `batch_scp`.
extension Subcommands {
    static let transferOptions: [OptionSpec] = [
        OptionSpec(["-r", "--recursive"], key: "recursive", help: "copy folders and everything in them"),
        OptionSpec(["-p", "--preserve"], key: "preserve",
                   help: "keep times (get: and the host's permission bits, never set-uid)"),
        OptionSpec(["--checksum"], key: "checksum", help: "compare SHA-256 of both sides before each file is put in place"),
        OptionSpec(["--per-host"], key: "per-host", help: "print a line per host as it finishes (bytes, time, rate)"),
        OptionSpec(["--workers"], key: "workers", value: "N", help: "worker processes (default: number of CPUs)"),
    ]

    static let selectionOptions = OneShotCommand.options.filter { OneShotCommand.selectionKeys.contains($0.key) }

    static let put = Subcommand(
        name: "put", summary: "copy local files to every selected host",
        usage: "chorus put -w PATTERN [-r] [-L] [-p] [--checksum] LOCAL... REMOTE",
        options: selectionOptions + transferOptions + [
            OptionSpec(["-L", "--dereference"], key: "dereference", help: "with -r, send the files symlinks point to"),
        ],
        details: """
            REMOTE is a folder to copy into when it exists as one on the host, ends in /, or
            several LOCAL are given; otherwise it is the new name of the one LOCAL (as cp -r).
            Each file is written under a temporary name next to its target, checked (size,
            and SHA-256 with --checksum), then renamed into place: a failed or cancelled
            transfer never leaves a partial file under the real name. An existing file is
            replaced with mv -f on the host. On an account that runs no commands (SFTP
            only), renames replace it (the old file put back if the new one cannot take its
            place) and --checksum reads each file back to hash it here. Relative REMOTE
            paths start in the login folder. Each local file is read once for all hosts.
            With -r, symlinks (unless -L: then the files they point to are sent; a symlinked
            folder is never followed), sockets, FIFOs, names that are not UTF-8 and names
            holding a control character are left out, each with a "skipped" line on stderr.
            A LOCAL named on the command line is followed if it is a symlink.

            Examples:
              chorus put -g web app.conf /etc/app/
              chorus put -w 'web[01-20]' -r -p --checksum site/ /srv/www/

            """,
        operands: .files,
        run: { invocation in
            let words = invocation.positionals
            guard words.count >= 2 else { throw UsageError("put needs LOCAL... REMOTE (see chorus put --help)") }
            let request = TransferRequest(direction: .put, sources: Array(words.dropLast()), destination: words[words.count - 1],
                                          options: TransferRequest.Options(invocation))
            return try TransferRunner.run(request, pattern: try selectionPattern(invocation),
                                          settings: try OneShotSettings(invocation), context: invocation.context)
        })

    static let get = Subcommand(
        name: "get", summary: "copy files from every selected host into LOCALDIR/HOST/",
        usage: "chorus get -w PATTERN [-r] [-p] [--checksum] REMOTE... LOCALDIR",
        options: selectionOptions + transferOptions,
        details: """
            Each host's files land in LOCALDIR/HOST/ (created as needed), so no host's file
            overwrites another's: a remote file as LOCALDIR/HOST/NAME, a remote folder (with
            -r) as LOCALDIR/HOST/NAME/… Local files are written under a temporary name and
            renamed once complete and checked. A file gets the host's permission bits less
            the umask; with -p, the host's bits with only the umask's group and other write
            bits taken away. Set-uid, set-gid and sticky bits are never kept. Remote names
            holding a control character or a '/' are left out with a "skipped" line.

            Examples:
              chorus get -w 'db[1-3]' /var/log/syslog ./logs
              chorus get -g web -r /etc/nginx ./configs

            """,
        operands: .files,
        run: { invocation in
            let words = invocation.positionals
            guard words.count >= 2 else { throw UsageError("get needs REMOTE... LOCALDIR (see chorus get --help)") }
            let request = TransferRequest(direction: .get, sources: Array(words.dropLast()), destination: words[words.count - 1],
                                          options: TransferRequest.Options(invocation))
            return try TransferRunner.run(request, pattern: try selectionPattern(invocation),
                                          settings: try OneShotSettings(invocation), context: invocation.context)
        })

    /// The original syntax, word for word: `batch_scp -h h1 -g db -action put -local
    /// test.py -remote /tmp/` (→ `/tmp/test.py` on each host); `-action get` fetches
    /// `-remote` from each host into `-local/HOST/`.
    static let batchScp = Subcommand(
        name: "batch_scp", summary: "the original syntax: copy a file to or from hosts and groups",
        usage: "chorus batch_scp [-h HOST,...] [-g GROUP,...] -action put|get -local PATH -remote PATH",
        options: [
            OptionSpec(["-h"], key: "hosts", value: "HOST[,HOST]", completes: .hosts, help: "hosts to copy to or from"),
            OptionSpec(["-g"], key: "group", value: "GROUP[,GROUP]", completes: .groups, help: "groups to copy to or from"),
            OptionSpec(["-action"], key: "action", value: "put|get", completes: .choices(of: TransferAction.self),
                        help: "put: local → hosts; get: hosts → local/HOST/"),
            OptionSpec(["-local"], key: "local", value: "PATH", completes: .files, help: "the local file (put) or folder (get)"),
            OptionSpec(["-remote"], key: "remote", value: "PATH", help: "the remote folder or file (put) or file (get)"),
        ] + transferOptions,
        run: { invocation in
            guard let action = invocation.value("action") else { throw UsageError("batch_scp needs -action put|get") }
            guard let local = invocation.value("local"), !local.isEmpty else { throw UsageError("batch_scp needs -local PATH") }
            guard let remote = invocation.value("remote"), !remote.isEmpty else { throw UsageError("batch_scp needs -remote PATH") }
            guard invocation.positionals.isEmpty else { throw UsageError("unexpected '\(invocation.positionals[0])'") }
            let options = TransferRequest.Options(invocation)
            guard let direction = TransferAction(rawValue: action) else {
                throw UsageError("-action expects put or get, got '\(action)'")
            }
            let request: TransferRequest = switch direction {
            case .put: TransferRequest(direction: .put, sources: [local], destination: remote, options: options)
            case .get: TransferRequest(direction: .get, sources: [remote], destination: local, options: options)
            }
            return try TransferRunner.run(request, pattern: try selectionPattern(invocation),
                                          settings: try OneShotSettings(invocation), context: invocation.context)
        })

    private static func selectionPattern(_ invocation: Invocation) throws(UsageError) -> String {
        var selection = HostSelection()
        selection.include = try OneShotCommand.hostPatterns(invocation)
        selection.exclude = invocation.values("exclude")
        selection.groups = invocation.values("group")
        guard !selection.isEmpty else { throw UsageError("no hosts selected: give -w PATTERN or -g GROUP") }
        return selection.pattern
    }
}

/// `batch_scp -action`'s values: the parser and the completion scripts read this one list.
enum TransferAction: String, CaseIterable {
    case put, get
}

extension TransferRequest.Options {
    init(_ invocation: Invocation) {
        self.init()
        recursive = invocation.flag("recursive")
        keepTimes = invocation.flag("preserve")
        checksum = invocation.flag("checksum")
        perHost = invocation.flag("per-host")
        followLinks = invocation.flag("dereference")
    }
}
