#if canImport(Glibc)
import Glibc
#endif

/// Secret bytes: a private key's contents, sent to a worker on another machine.
///
/// Why not a `Secret`: a key file is text, but the frame carries it as a `blob` (kept
/// byte for byte, never checked as UTF-8), and every user of it wants bytes: libssh2
/// (`libssh2_userauth_publickey_frommemory`), libcrypto's PEM reader, the OpenSSH-format
/// parser. A `String` would be decoded from bytes and encoded back at each of them, each
/// time a copy nobody can wipe. Here the bytes live in one allocation, shared by every
/// copy of the value (copies are references), with a NUL after the last byte (libssh2
/// 1.10 measures the key with `strlen` when it signs), and zeroed when the last copy
/// goes. Like `Secret`, it never prints: descriptions, mirror and encoded form say
/// `<redacted>`.
public struct SecretBytes: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let storage: Storage

    /// Copies `bytes` into the wiped-on-release storage; the caller wipes its own copy.
    public init(_ bytes: some Collection<UInt8>) { storage = Storage(bytes) }

    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.count == 0 }

    /// The bytes, for the call that hands them to the SSH library or a key parser. The
    /// pointer is valid only inside `body`; the byte after the last (`count`) is 0.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage.base, count: storage.count))
    }

    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        lhs.storage === rhs.storage || lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in a.elementsEqual(b) } }
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "SecretBytes(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: ["bytes": "<redacted>"]) }
}

extension SecretBytes {
    /// One allocation of `count + 1` bytes, never written after `init`, zeroed by
    /// `deinit`: so it is safely shared between threads.
    private final class Storage: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt8>
        let count: Int

        init(_ bytes: some Collection<UInt8>) {
            count = bytes.count
            base = .allocate(capacity: count + 1)
            var next = base
            for byte in bytes {
                next.initialize(to: byte)
                next += 1
            }
            next.initialize(to: 0)
        }

        deinit {
            explicit_bzero(base, count + 1)  // not elided as a dead store before the free
            base.deallocate()
        }
    }
}
