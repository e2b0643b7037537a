import CLibCrypto

/// SHA-256 (FIPS 180-4) through libcrypto, for host-key fingerprints and transfer
/// checksums. libcrypto picks the CPU's SHA extensions when it has them, several times
/// faster than a Swift loop. Small inputs only need `hash`; streams use `update`, then
/// `digest` or `hexDigest`.
///
/// A value type: a copy hashes on from where the original was (the libcrypto context
/// is copied on the first write to a shared one, as `Array` copies its storage).
public struct SHA256 {
    private var context = Context()

    public init() {}

    /// The digest of `bytes` in one call. The corresponding C function is `EVP_Digest`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let done = EVP_Digest(bytes, bytes.count, &out, &length, EVP_sha256(), nil)
        precondition(done == 1, "EVP_Digest(SHA-256) failed")  // only without memory
        return Array(out.prefix(Int(length)))
    }

    public mutating func update(_ bytes: some Collection<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if handled == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// The corresponding C function is `EVP_DigestUpdate`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        let done = EVP_DigestUpdate(context.pointer, bytes.baseAddress, bytes.count)
        precondition(done == 1, "EVP_DigestUpdate(SHA-256) failed")  // cannot fail for SHA-256
    }

    /// The digest of everything so far; the hasher itself is left as it is, so more
    /// may follow. The corresponding C function is `EVP_DigestFinal_ex` (on a copy).
    public func digest() -> [UInt8] { context.copy().finish() }

    /// The digest so far as lowercase hex, as `sha256sum` prints it.
    public func hexDigest() -> String { Self.hex(digest()) }

    /// Lowercase hex of any bytes.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }
}

extension SHA256 {
    /// Owns one `EVP_MD_CTX` and frees it in `deinit`. Marked Sendable for the same
    /// reason `Array`'s storage is: it is written only while uniquely referenced.
    final class Context: @unchecked Sendable {
        let pointer: OpaquePointer

        /// The corresponding C functions are `EVP_MD_CTX_new` and `EVP_DigestInit_ex`.
        init() {
            // Nil only when memory is exhausted, where Swift itself would trap.
            guard let pointer = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed") }
            self.pointer = pointer
            precondition(EVP_DigestInit_ex(pointer, EVP_sha256(), nil) == 1, "EVP_DigestInit_ex(SHA-256) failed")
        }

        private init(copying other: Context) {
            guard let pointer = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed") }
            self.pointer = pointer
            precondition(EVP_MD_CTX_copy_ex(pointer, other.pointer) == 1, "EVP_MD_CTX_copy_ex failed")
        }

        deinit { EVP_MD_CTX_free(pointer) }

        /// The corresponding C function is `EVP_MD_CTX_copy_ex`.
        func copy() -> Context { Context(copying: self) }

        /// Ends this context's hash (use a copy to keep hashing).
        func finish() -> [UInt8] {
            var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            precondition(EVP_DigestFinal_ex(pointer, &out, &length) == 1, "EVP_DigestFinal_ex failed")
            return Array(out.prefix(Int(length)))
        }
    }
}
