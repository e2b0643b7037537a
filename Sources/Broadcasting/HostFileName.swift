/// A host's name (as in the inventory, or the ad-hoc name as typed) as one file name in
/// a local folder: `--outdir`/`--errdir` files and a get's `DEST/HOST` folders.
package enum HostFileName {
    /// `/` (which no file name may hold) and NUL (which would cut the name short) become
    /// `_`, byte by byte, so nothing climbs out of the folder; ``, `.` and `..` become `_`.
    package static func of(_ host: String) -> String {
        let bytes = host.utf8.map { $0 == UInt8(ascii: "/") || $0 == 0 ? UInt8(ascii: "_") : $0 }
        let name = String(decoding: bytes, as: UTF8.self)
        return ["", ".", ".."].contains(where: { name.utf8.elementsEqual($0.utf8) }) ? "_" : name
    }
}
