// WorkerRuntime: one worker process — a single poll loop driving many non-blocking
// SSH sessions, taking jobs from the frame stream and answering with events.
