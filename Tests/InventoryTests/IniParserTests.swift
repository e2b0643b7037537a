@testable import Inventory
import Testing

/// The configparser-compatible reader, case by case.
@Suite struct IniParserTests {
    static func values(_ text: String) throws -> [String: [String: String]] {
        let document = try IniParser.parse(text, file: "t.ini")
        var result: [String: [String: String]] = [:]
        for section in document.sections {
            result[section.name] = Dictionary(try document.values(of: section).map { ($0.key, $0.value) }) { a, _ in a }
        }
        return result
    }

    @Test(arguments: [
        ("[s]\na = 1\n", ["s": ["a": "1"]]),
        ("[s]\na: 1\n", ["s": ["a": "1"]]),
        ("[s]\na = b = c\n", ["s": ["a": "b = c"]]),
        ("[s]\na : b = c\n", ["s": ["a": "b = c"]]),
        ("[s]\nA Key = V\n", ["s": ["a key": "V"]]),
        ("[s]\na = 1 # kept\n", ["s": ["a": "1 # kept"]]),
        ("[s]\na = 1 ; kept\n", ["s": ["a": "1 ; kept"]]),
        ("[s]\n# c\n  ; c\na = 1\n", ["s": ["a": "1"]]),
        ("[s]\na = one\n  two\n\tthree\n", ["s": ["a": "one\ntwo\nthree"]]),
        ("[s]\na = one\n\n  three\n", ["s": ["a": "one\n\nthree"]]),
        ("[s]\na = one\n\n\nb = 2\n", ["s": ["a": "one", "b": "2"]]),
        ("[s]\na = one\n  # skipped\n  two\n", ["s": ["a": "one\ntwo"]]),
        ("[s]\na =\n", ["s": ["a": ""]]),
        ("[s]\na =\n  later\n", ["s": ["a": "\nlater"]]),
        ("[s]\na = %(b)s!\nb = x\n", ["s": ["a": "x!", "b": "x"]]),
        ("[s]\na = %(B)s\nb = x\n", ["s": ["a": "x", "b": "x"]]),
        ("[s]\na = 100%%\n", ["s": ["a": "100%"]]),
        ("[s]\na = %%(b)s\n", ["s": ["a": "%(b)s"]]),
        ("[s]\na = %(b)s\nb = 5%%\n", ["s": ["a": "5%", "b": "5%"]]),
        ("[DEFAULT]\nd = 1\n[s]\na = %(d)s\n", ["s": ["a": "1", "d": "1"]]),
        ("[DEFAULT]\nd = %(a)s\n[s]\na = 2\n[t]\na = 3\n", ["s": ["a": "2", "d": "2"], "t": ["a": "3", "d": "3"]]),
        ("[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n[s]\n", ["s": ["a": "1", "b": "2"]]),
        ("[DEFAULT]\na = 1\n[s]\na = 2\n", ["s": ["a": "2"]]),
        ("[default]\na = 1\n", ["default": ["a": "1"]]),
        ("[ s ]\na = 1\n", [" s ": ["a": "1"]]),
        ("[a]b]\nx = 1\n", ["a]b": ["x": "1"]]),
        ("[s] trailing\na = 1\n", ["s": ["a": "1"]]),
        ("[s]\r\na = 1\r\n  x\r\n", ["s": ["a": "1\nx"]]),
        ("[s]\ra = 1\r", ["s": ["a": "1"]]),
        ("[s]\n  a = 1\n  b = 2\n    c\n", ["s": ["a": "1", "b": "2\nc"]]),
        ("[S]\na=1\n[s]\na=2\n", ["S": ["a": "1"], "s": ["a": "2"]]),
        ("", [:]), ("# only\n\n", [:]), ("[DEFAULT]\na = 1\n", [:]),
        ("[s]\na = é\n", ["s": ["a": "é"]]),
    ] as [(String, [String: [String: String]])])
    func readsLikeConfigParser(text: String, expected: [String: [String: String]]) throws {
        #expect(try Self.values(text) == expected)
    }

    @Test(arguments: [
        ("a = 1\n[s]\n", InventoryError.Kind.missingSectionHeader, 1),
        ("\n\n  x\n", .missingSectionHeader, 3),
        ("\u{FEFF}[s]\n", .missingSectionHeader, 1),
        ("[s]\n[s]\n", .duplicateSection("s"), 2),
        ("[s]\nkey = 1\nKEY = 2\n", .duplicateOption(section: "s", key: "key"), 3),
        ("[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n", .duplicateOption(section: "DEFAULT", key: "a"), 4),
        ("[s]\nport\n", .notKeyValue("port"), 2),
        ("[s]\na = 1\nbad line\nb = 2\n", .notKeyValue("bad line"), 3),
        ("[s]\nbad\n[s]\n", .duplicateSection("s"), 3),
        ("[s]\n= 1\n", .emptyKey, 2),
        ("[]\n", .missingSectionHeader, 1),
        ("[s]\na = %(nope)s\n", .interpolationMissing(key: "a", reference: "nope"), 2),
        ("[s]\na = 100%\n", .interpolationSyntax(key: "a", detail: "'%' must be followed by '%' or '(', found \"%\""), 2),
        ("[s]\na = %(x\n", .interpolationSyntax(key: "a", detail: "bad reference \"%(x\""), 2),
        ("[s]\na = %(a)s\n", .interpolationDepth(key: "a"), 2),
        ("[DEFAULT]\nd = %(zz)s\n[s]\n", .interpolationMissing(key: "d", reference: "zz"), 2),
    ])
    func failsLikeConfigParser(text: String, kind: InventoryError.Kind, line: Int) {
        #expect(throws: InventoryError(kind, file: "t.ini", line: line)) { try Self.values(text) }
    }

    @Test func errorsReadAsFileLineMessage() {
        let error = InventoryError(.duplicateOption(section: "web01", key: "port"), file: "inv/web.ini", line: 7)
        #expect(error.description == "inv/web.ini:7: key 'port' appears twice in section [web01]")
        #expect(InventoryError(.notUTF8, file: "x.ini", line: nil).description == "x.ini: not UTF-8 text")
    }

    @Test func tenLevelsOfReferencesAreAllowedElevenAreNot() throws {
        func chain(_ length: Int) -> String {
            "[s]\n" + (0..<length).map { "k\($0) = %(k\($0 + 1))s\n" }.joined() + "k\(length) = end%%\n"
        }
        #expect(try Self.values(chain(9))["s"]?["k0"] == "end%")
        #expect(throws: InventoryError.self) { try Self.values(chain(10)) }
    }
}
