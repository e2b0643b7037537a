// fake-worker: a scripted stand-in for `chorus __worker`, for JobDispatchTests. It
// speaks the real frames (WorkerProtocol) on standard input and output and does what
// its arguments say (see Script) instead of running commands over SSH.
// Usage: fake-worker __worker [key=value ...]
#if canImport(Glibc)
import Glibc
#endif
import WorkerProtocol

signal(SIGPIPE, SIG_IGN)
signal(SIGINT, SIG_IGN)
let worker = FakeWorker(script: Script(arguments: Array(CommandLine.arguments.dropFirst(2))))
worker.run()
