import Digests
import Testing

/// SHA-256 against the known answers of FIPS 180-2 (appendix B) and the NIST examples.
@Suite struct SHA256Tests {
    static let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    static let million = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", abc),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownAnswers(message: String, expected: String) {
        #expect(SHA256.hex(SHA256.hash(Array(message.utf8))) == expected)
        var hasher = SHA256()
        hasher.update(Array(message.utf8))
        #expect(hasher.hexDigest() == expected)
    }

    /// One million 'a', fed in chunks of odd sizes that straddle the 64-byte blocks.
    @Test func oneMillionAInOddChunks() {
        let sizes = [1, 3, 63, 64, 65, 127, 1_001, 4_093]
        var hasher = SHA256()
        var fed = 0, turn = 0
        while fed < 1_000_000 {
            let count = min(sizes[turn % sizes.count], 1_000_000 - fed)
            hasher.update(repeatElement(UInt8(ascii: "a"), count: count))
            fed += count
            turn += 1
        }
        #expect(hasher.hexDigest() == Self.million)
    }

    /// Asking for the digest does not end the hash: more input may follow.
    @Test func theDigestSoFarLeavesTheHasherGoing() {
        var hasher = SHA256()
        hasher.update(Array("ab".utf8))
        #expect(hasher.hexDigest() == "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603")
        hasher.update(Array("c".utf8))
        #expect(hasher.hexDigest() == Self.abc)
        #expect(hasher.digest() == SHA256.hash(Array("abc".utf8)))
    }

    /// A copy hashes on by itself; the original is untouched (value semantics).
    @Test func aCopyHashesOnAlone() {
        var original = SHA256()
        original.update(Array("ab".utf8))
        var copy = original
        copy.update(Array("c".utf8))
        original.update(Array("d".utf8))
        #expect(copy.hexDigest() == Self.abc)
        #expect(original.hexDigest() == SHA256.hex(SHA256.hash(Array("abd".utf8))))
    }

    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect(SHA256.hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(SHA256.hex([]) == "")
    }
}
