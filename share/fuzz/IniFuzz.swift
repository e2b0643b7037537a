// libFuzzer target `ini`: the inventory reader, from INI text to merged hosts.
// Built by share/fuzz/run with the Inventory module compiled for testing (its
// internal InventoryFile and InventoryMerger are what `Inventory.load` runs per file).
import HostPatterns
@testable import Inventory

/// Any text either loads or throws an `InventoryError` naming this file and a line that
/// exists in it; nothing traps. Input bytes that are not UTF-8 are decoded with
/// replacement characters (the loader refuses them before the reader sees them).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIni(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let lines = IniParser.splitLines(text).count
    let context = FieldContext(home: "/home/fuzz", homeOfUser: { "/home/" + $0 })
    do {
        let document = try IniParser.parse(text, file: "fuzz.ini")
        for section in document.sections { _ = try? document.values(of: section) }
        // A directory layout's group file, then merged as the loader merges files.
        let file = try InventoryFile.read(path: "fuzz.ini", text: text, impliedGroup: "fuzzed", context: context)
        var merger = InventoryMerger(defaultUsername: "fuzz", context: context)
        let inventory = merger.merge([file, file], sources: ["fuzz.ini"])
        _ = inventory.allHosts.description
        merger.errors.forEach { check($0, lines: lines) }
    } catch {
        check(error, lines: lines)
    }
    return 0
}

private func check(_ error: InventoryError, lines: Int) {
    guard error.file == "fuzz.ini", (error.line ?? 1) >= 1, (error.line ?? 1) <= max(lines, 1) else {
        fatalError("error placed outside the input (\(lines) lines): \(error)")
    }
    _ = error.description
}
