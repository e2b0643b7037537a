#if canImport(Glibc)
import Glibc
#endif

extension Folders {
    /// Why a folder could not be listed: the errno and the folder.
    public struct ListingFailure: Error, Equatable {
        public let code: Int32
        public let path: String

        /// `cannot read the folder PATH: REASON`.
        public var message: String { "cannot read the folder \(path): \(errnoText(code))" }
    }

    /// The names in a folder as bytes (a name need not be UTF-8), without `.` and `..`,
    /// in the order the file system gives them. The corresponding C functions are
    /// `opendir`, `readdir` and `closedir`.
    public static func entries(_ path: String) throws(ListingFailure) -> [[UInt8]] {
        guard let folder = opendir(path) else { throw ListingFailure(code: errno, path: path) }
        defer { closedir(folder) }
        var entries: [[UInt8]] = []
        while let entry = readdir(folder) {  // ends at the folder's last entry
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes != [UInt8(ascii: ".")] && bytes != [UInt8(ascii: "."), UInt8(ascii: ".")] { entries.append(bytes) }
        }
        return entries
    }

    /// The names in a folder that are UTF-8 (others are left out: no path could be
    /// spelled with them), without `.` and `..`, unsorted.
    public static func names(_ path: String) throws(ListingFailure) -> [String] {
        try entries(path).compactMap { String(validating: $0, as: UTF8.self) }
    }
}
