import Digests
import Testing

/// The one base64: RFC 4648's test vectors, OpenSSH's unpadded fingerprints, and the
/// strict decoding known_hosts relies on.
@Suite struct Base64Tests {
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
        let unpadded = String(encoded.prefix { $0 != "=" })
        #expect(Base64.encode(Array(plain.utf8), padded: false) == unpadded)
        #expect(Base64.decode(unpadded) == Array(plain.utf8), "unpadded input is read too")
    }

    /// Every byte value and every length around the 3-byte groups, and one input longer
    /// than a single `EVP_EncodeBlock` call takes, round-trip.
    @Test(arguments: [0, 1, 2, 3, 4, 255, 256, 257, 196_607, 196_608, 196_609, 500_001])
    func roundTrips(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 8) }
        let text = Base64.encode(bytes)
        #expect(text.utf8.count == (length + 2) / 3 * 4)
        #expect(!text.contains("\n"), "one line, however long")
        #expect(Base64.decode(text) == bytes)
    }

    /// `ssh-keygen -l` prints `SHA256:` and the digest in base64 without padding.
    @Test func fingerprintsAreUnpadded() {
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(Base64.encode(digest, padded: false) == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0")
    }

    /// Anything outside the alphabet makes the whole text unreadable: a known_hosts
    /// line holding it is skipped, never read as some other key.
    @Test(arguments: ["Zm9v YmFy", "Zm9v\nYmFy", "Zm9v\tYmFy", "Zm9v-YmFy", "Zm9v_YmFy", "Zm9v\u{e9}", "Zm9v\0"])
    func foreignCharactersAreRefused(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    /// As before the move to one codec: `=` is skipped wherever it is, and a lone
    /// trailing symbol (6 bits) adds no byte.
    @Test func paddingIsSkippedAndLeftoverBitsDropped() {
        #expect(Base64.decode("Zm=9v") == Array("foo".utf8))
        #expect(Base64.decode("Zm9vY") == Array("foo".utf8))
        #expect(Base64.decode("====") == [])
    }
}
