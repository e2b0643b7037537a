import Foundation
import Glibc
import Posix
import Testing

/// `Folders.entries` / `names`: every name but `.` and `..`, bytes kept as they are.
@Suite struct FolderListingTests {
    @Test func listsEveryNameButDotAndDotDot() throws {
        let folder = NSTemporaryDirectory() + "chorus-listing-\(UUID().uuidString)"
        try #require(mkdir(folder, 0o700) == 0)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notUTF8: [UInt8] = Array("\(folder)/bad-".utf8) + [0xFF, 0]
        for name in ["a.ini", ".hidden", "sub"] { #expect(close(open("\(folder)/\(name)", O_CREAT | O_WRONLY, 0o600)) == 0) }
        #expect(notUTF8.withUnsafeBufferPointer { close(open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o600)) } == 0)
        let entries = try Folders.entries(folder)
        #expect(entries.count == 4)
        #expect(entries.contains(Array("bad-".utf8) + [0xFF]))
        #expect(try Folders.names(folder).sorted() == [".hidden", "a.ini", "sub"], "names leaves out what is not UTF-8")
    }

    @Test func aMissingFolderIsItsErrno() {
        #expect(throws: Folders.ListingFailure.self) { try Folders.names("/nonexistent/chorus-listing") }
        do {
            let entries = try Folders.entries("/nonexistent/chorus-listing")
            Issue.record("listed \(entries.count) entries")
        } catch {
            #expect(error.code == ENOENT)
            #expect(error.message == "cannot read the folder /nonexistent/chorus-listing: No such file or directory")
        }
    }
}
