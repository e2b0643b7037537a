// WorkerProtocol: the versioned, length-prefixed frames exchanged between the shell
// and its worker processes. Transport-neutral: a frame stream may be a local pipe or
// an SSH channel to a gateway, so nothing here assumes a shared filesystem or clock.
//
// The wire format, the handshake and flow control are specified in PROTOCOL.md next
// to this file. Map of the module:
//   Frame, FrameKind                       the closed vocabulary
//   Hello, HostSpec, ExecJob, JobResult…   the payload types
//   FrameEncoder (+ ByteWriter)            frame → bytes
//   FrameDecoder (+ FrameParser, ByteReader) bytes → frames, incrementally, with typed errors
//   FrameError                             every way a stream can be wrong
//   Handshake                              the hello-first rule
//   OutputAllowance, CreditAccumulator     the output flow-control window
//   Frame+Description                      log-safe descriptions (no secrets, no output bytes)
