// WorkerProtocol: the versioned, length-prefixed frames exchanged between the shell
// and its worker processes. Transport-neutral: a frame stream may be a local pipe or
// an SSH channel to a gateway, so nothing here assumes a shared filesystem or clock.
