// swift-tools-version:6.1
//
// Chorus: one prompt, many hosts over SSH.
// Module layout (leaves first; arrows point one way, see README "Layout"):
//   CLibSSH2, CLibEdit      system libraries (module map + pkg-config)
//   CLibCrypto              libcrypto (libssh2's own dependency): HMAC-SHA1, SHA-256, base64
//   CEditShim               non-variadic wrappers for libedit's el_set/history
//   CPosixShim              an async-signal-safe signal-to-pipe handler, no memory dumps
//   Diagnostics             shared wording for bad input ("did you mean")
//   Secrets                 the type that holds passwords and never prints them
//   ShellQuote              the one quoter for remote shell words (on bytes)
//   Posix                   the one funnel for POSIX calls: errno text, EINTR retries, whole
//                           writes, posix_spawn, the monotonic clock, folders, paths as bytes
//   Digests                 SHA-256 and base64 through libcrypto (files, keys, JSON)
//   HostPatterns            ranges, host sets, folding, the pattern parser (pure)
//   Inventory               configparser-compatible INI reader, both layouts
//   SSHConfig               OpenSSH client configuration (ssh_config) read as ssh 9.2 does:
//                           Host/Match/Include, first value wins, tokens; options per host
//   SSHClient               the only importer of libssh2
//   WorkerProtocol          frames between the shell and its workers
//   WorkerRuntime           a worker process: poll loop over SSH sessions
//   JobDispatch             producer side: pool, queues, cancel, timeouts
//   SessionMux              the per-user background process that lends a warm worker pool
//                           to one-shot runs over a Unix socket (--persist)
//   Rendering               live / gathered / JSON output and summaries
//   Broadcasting            what both modes share: RunSettings, running a broadcast or a
//                           transfer, live/gather/JSON output, progress, output files,
//                           exit status
//   LineEditing             the only importer of libedit
//   Shell                   the interactive shell: REPL, control commands, completion,
//                           scripts; its pure line language in Shell/Language
//   ChorusCLI               reads argv and picks a mode
//   chorus                  the executable: picks the hidden worker mode (so only it links
//                           WorkerRuntime, the SSH side), else hands over to ChorusCLI
import PackageDescription

let package = Package(
    name: "chorus",
    products: [
        .executable(name: "chorus", targets: ["chorus"]),
    ],
    targets: [
        .systemLibrary(
            name: "CLibSSH2", path: "Sources/CLibSSH2", pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]),
        .systemLibrary(
            name: "CLibEdit", path: "Sources/CLibEdit", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .systemLibrary(
            name: "CLibCrypto", path: "Sources/CLibCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .target(name: "CEditShim", dependencies: ["CLibEdit"]),
        .target(name: "CPosixShim"),

        .target(name: "Diagnostics"),
        .target(name: "Secrets", dependencies: ["Posix"]),
        .target(name: "ShellQuote"),
        .target(name: "Posix"),
        .target(name: "Digests", dependencies: ["CLibCrypto", "Posix"]),
        .target(name: "HostPatterns", dependencies: ["Diagnostics"]),
        .target(name: "Inventory", dependencies: ["HostPatterns", "Diagnostics", "Secrets", "Posix"]),
        .target(name: "SSHConfig", dependencies: ["Diagnostics", "Posix"]),
        .target(name: "SSHClient", dependencies: ["CLibSSH2", "CLibCrypto", "Digests", "Secrets", "ShellQuote", "Posix"]),
        .target(name: "WorkerProtocol", dependencies: ["Secrets", "Posix"], exclude: ["PROTOCOL.md"]),
        .target(name: "WorkerRuntime", dependencies: ["WorkerProtocol", "SSHClient", "CPosixShim", "Digests", "Posix"]),
        .target(name: "JobDispatch", dependencies: ["WorkerProtocol", "CPosixShim", "Posix"]),
        .target(name: "SessionMux", dependencies: ["JobDispatch", "WorkerProtocol", "CPosixShim", "Posix"]),
        .target(name: "Rendering", dependencies: ["WorkerProtocol", "HostPatterns", "Digests", "Posix"]),
        .target(name: "LineEditing", dependencies: ["CEditShim", "Posix"]),
        .target(
            name: "Broadcasting",
            dependencies: [
                "JobDispatch", "Rendering", "Inventory", "HostPatterns", "WorkerProtocol", "Diagnostics", "Posix",
                "CPosixShim", "Digests", "Secrets", "SSHConfig", "SessionMux",
            ]),
        .target(
            name: "Shell",
            dependencies: [
                "Broadcasting", "LineEditing", "JobDispatch", "Rendering", "Inventory", "HostPatterns", "WorkerProtocol",
                "Diagnostics", "ShellQuote", "Posix", "SessionMux",
            ]),
        .target(
            name: "ChorusCLI",
            dependencies: [
                "Shell", "Broadcasting", "JobDispatch", "WorkerProtocol", "Rendering", "Inventory", "HostPatterns",
                "Diagnostics", "SessionMux",
            ]),
        .executableTarget(name: "chorus", dependencies: ["ChorusCLI", "Broadcasting", "WorkerRuntime", "CPosixShim", "SessionMux"]),
        // Times the engine (cold, then kept sessions) for share/benchmarks/broadcast.
        .executableTarget(
            name: "chorus-bench", dependencies: ["Broadcasting", "JobDispatch", "Inventory", "WorkerProtocol", "Posix"],
            path: "share/benchmarks/ChorusBench"),

        // Test support: starts and stops the local SSH lab (share/lab/chorus-lab) for the
        // suites that need it, runs programs, and seeds repeatable random inputs.
        .target(name: "LabSupport", path: "Tests/LabSupport"),

        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics"]),
        .testTarget(name: "DigestsTests", dependencies: ["Digests", "LabSupport"]),
        .testTarget(name: "HostPatternsTests", dependencies: ["HostPatterns", "LabSupport", "Digests"], exclude: ["Resources"]),
        .testTarget(name: "InventoryTests", dependencies: ["Inventory", "Secrets", "LabSupport"]),
        .testTarget(name: "LabTests", dependencies: ["LabSupport", "CLibSSH2"]),
        .testTarget(
            name: "SSHClientTests", dependencies: ["SSHClient", "Digests", "LabSupport", "Secrets", "ShellQuote"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["ChorusCLI", "Broadcasting", "Inventory", "chorus", "LabSupport", "Shell", "WorkerProtocol", "Secrets"],
            exclude: ["Snapshots"]),
        .testTarget(name: "WorkerProtocolTests", dependencies: ["WorkerProtocol", "Secrets", "LabSupport"]),
        .testTarget(
            name: "BroadcastingTests",
            dependencies: [
                "Broadcasting", "HostPatterns", "Inventory", "Secrets", "JobDispatch", "WorkerProtocol", "LabSupport", "Rendering",
            ]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "Broadcasting", "Inventory", "ShellQuote", "LineEditing", "HostPatterns"]),
        // Drives `lineedit-probe` (a LineEditor with fixed completions) in tmux.
        .executableTarget(name: "lineedit-probe", dependencies: ["LineEditing"], path: "Tests/LineEditProbe"),
        .testTarget(name: "LineEditingTests", dependencies: ["LineEditing", "LabSupport", "lineedit-probe"]),
        // Drives JobDispatch against `fake-worker`, which speaks the real frames from a script.
        .executableTarget(name: "fake-worker", dependencies: ["WorkerProtocol"], path: "Tests/FakeWorker"),
        .testTarget(name: "JobDispatchTests", dependencies: ["JobDispatch", "WorkerProtocol", "Posix", "fake-worker"]),
        .testTarget(name: "PosixTests", dependencies: ["Posix"]),
        .testTarget(name: "SessionMuxTests", dependencies: ["SessionMux", "JobDispatch", "Posix", "WorkerProtocol", "Secrets"]),
        .testTarget(name: "SSHConfigTests", dependencies: ["SSHConfig", "Posix", "LabSupport"]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "HostPatterns", "WorkerProtocol", "LabSupport"]),
    ]
)

// Swift settings for every Swift target (not the system libraries or the C shim).
let cTargets: Set<String> = ["CLibSSH2", "CLibEdit", "CLibCrypto", "CEditShim", "CPosixShim"]
for target in package.targets where !cTargets.contains(target.name) {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
