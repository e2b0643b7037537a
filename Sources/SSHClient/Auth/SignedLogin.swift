#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2

/// A publickey login whose signature Chorus makes itself, through libssh2's sign
/// callback: libssh2 sends `blob` as the key (its first string is the algorithm name),
/// hands over the bytes to sign, and wraps what `sign` returns as `string name, string
/// signature` (libssh2-1.10.0 src/userauth.c:1126-1145, 1292-1307, 1352-1365). Used for
/// rsa-sha2 (`RSASHA2Login`) and for the Ed25519 keys Chorus reads (`Ed25519PrivateKey`).
final class SignedLogin {
    private let blob: [UInt8]
    private let sign: (UnsafeRawBufferPointer) -> [UInt8]?
    /// Set when `sign` gave nothing: the failure is ours, not the server's refusal.
    private(set) var signingFailed = false
    /// The `void **abstract` libssh2 passes back to the callback: points at `self`.
    private let abstract = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: 1)

    init(blob: [UInt8], sign: @escaping (UnsafeRawBufferPointer) -> [UInt8]?) {
        (self.blob, self.sign) = (blob, sign)
        abstract.initialize(to: nil)
    }

    deinit { abstract.deallocate() }

    /// One step (non-blocking: call again on EAGAIN with the same arguments). The
    /// corresponding C function is `libssh2_userauth_publickey`.
    func step(session: OpaquePointer, user: String) -> Int32 {
        abstract.pointee = Unmanaged.passUnretained(self).toOpaque()
        return libssh2_userauth_publickey(session, user, blob, blob.count, signedLoginCallback, abstract)
    }

    /// The signature for the callback, in memory libssh2 frees with `free` (what
    /// `sessionFree` does with anything but the session's own structure).
    fileprivate func signature(_ data: UnsafeRawBufferPointer) -> (UnsafeMutablePointer<UInt8>, Int)? {
        guard let signature = sign(data), !signature.isEmpty,
              let copy = malloc(signature.count)?.assumingMemoryBound(to: UInt8.self)
        else {
            signingFailed = true
            return nil
        }
        copy.initialize(from: signature, count: signature.count)
        return (copy, signature.count)
    }
}

/// libssh2's sign callback (`LIBSSH2_USERAUTH_PUBLICKEY_SIGN_FUNC`): `abstract` points
/// at the `SignedLogin` making the call. Nonzero tells libssh2 signing failed.
private let signedLoginCallback:
    @convention(c) (
        OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, UnsafeMutablePointer<Int>?,
        UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> Int32 = { _, signature, signatureLength, data, dataLength, abstract in
        guard let signature, let signatureLength, let data, let login = abstract?.pointee else { return -1 }
        let owner = Unmanaged<SignedLogin>.fromOpaque(login).takeUnretainedValue()
        guard let (bytes, count) = owner.signature(UnsafeRawBufferPointer(start: data, count: dataLength)) else { return -1 }
        signature.pointee = bytes
        signatureLength.pointee = count
        return 0
    }
