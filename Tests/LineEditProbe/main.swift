// lineedit-probe: a LineEditor with a fixed completion list, for LineEditingTests to
// drive in tmux. Usage: lineedit-probe HISTORY_FILE. Prints `history: N` at start,
// `got: [LINE]` for each accepted line (and records it), `interrupted` for Ctrl-C and
// `bye` at the end of input.
import LineEditing

#if canImport(Glibc)
import Glibc
#endif

/// Counts accepted lines for the dynamic prompt (`probe[N]> `).
final class Counter {
    var value = 0
}

let words = ["select", "selection", "hosts", "help", "history", "héllo", "web-01", "web-02"]
let counter = Counter()
let arguments = CommandLine.arguments
guard arguments.count == 2 else {
    print("usage: lineedit-probe HISTORY_FILE")
    exit(2)
}

do {
    let editor = try LineEditor(
        programName: "lineedit-probe", historyFile: arguments[1],
        prompt: { "probe[\(counter.value)]> " },
        completion: { _, _ in words })
    print("history: \(editor.historyCount)")
    loop: while true {
        switch editor.readLine() {
        case .line(let line):
            counter.value += 1
            print("got: [\(line)]")
            try editor.record(line)
        case .interrupted: print("interrupted")
        case .endOfInput: break loop
        case .terminated(let signal):
            print("terminated by \(signal)")
            break loop
        }
    }
    print("bye")
} catch {
    print("lineedit-probe: \(error)")
    exit(1)
}
