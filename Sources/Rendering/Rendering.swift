// Rendering: live, gathered and JSON output and the end-of-command summary, as pure
// functions of worker events. A single sink owns the terminal: these types only return
// lines and text, they never write.
//
//   LiveRenderer    streamed `host | line` (terminal) or `HOST: LINE` (pipe, pdsh format)
//   GatherRenderer  identical output grouped under a folded host set (clush -b / dshbak -c)
//   JSONLines       one JSON object per host, then one summary object
//   Summary         the `✓ 13 ok  ✗ 1 failed  0.41 s` lines
//   ProgressLine    `[37/50] 2 failed · waiting on web[07-09]`
//   ExitClass       pssh's exit classes, and `-S`'s largest remote status
