// JobDispatch: the producer side — the worker pool, bounded job queues, host-to-worker
// affinity, cancellation and timeouts.
