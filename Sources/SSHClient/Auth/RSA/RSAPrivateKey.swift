#if canImport(Glibc)
import Glibc
#endif
import CLibCrypto
import Secrets

/// An RSA private key held by libcrypto, read from an OpenSSH-format file (unencrypted)
/// or a PEM file (PKCS#1 or PKCS#8, with its passphrase when encrypted), for rsa-sha2
/// signatures (RFC 8332) that libssh2 1.10 cannot make itself.
final class RSAPrivateKey {
    /// `EVP_PKEY *`, owned.
    private let key: OpaquePointer

    private init(key: OpaquePointer) { self.key = key }

    deinit { EVP_PKEY_free(key) }

    /// What reading a key file gave.
    enum Loading {
        case loaded(RSAPrivateKey)
        /// Not read here: not RSA, or OpenSSH format with a passphrase
        /// (bcrypt KDF and ciphers are not implemented); left to libssh2.
        case notHandled
        /// A PEM file libcrypto could not read: wrong or missing passphrase, bad file.
        case unreadablePEM
    }

    /// Reads a key from its file's contents (see `KeyMaterial`).
    static func load(_ key: SecretBytes, passphrase: String?) -> Loading {
        let text = key.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        if text.contains(OpenSSHRSAFields.beginMarker) {
            return OpenSSHRSAFields(text: text).flatMap(fromFields).map(Loading.loaded) ?? .notHandled
        }
        return key.withUnsafeBytes { fromPEM($0, passphrase: passphrase) }
    }

    /// The public key as SSH writes it (RFC 4253 §6.6) but with `typeName` in place of
    /// `ssh-rsa`: string type, mpint e, mpint n.
    func publicBlob(typeName: String) -> [UInt8]? {
        guard let e = parameter("e"), let n = parameter("n") else { return nil }
        var writer = SSHWireWriter()
        writer.string(typeName)
        writer.mpint(magnitude: e)
        writer.mpint(magnitude: n)
        return writer.bytes
    }

    /// The raw RSASSA-PKCS1-v1_5 signature of `data` with `digest` (what goes inside an
    /// SSH signature blob after its algorithm name). The corresponding C functions are
    /// `EVP_DigestSignInit` and `EVP_DigestSign`.
    func sign(_ data: UnsafeRawBufferPointer, digest: OpaquePointer) -> [UInt8]? {
        guard let context = EVP_MD_CTX_new() else { return nil }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, digest, nil, key) == 1 else { return nil }
        let input = data.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var length = 0
        guard EVP_DigestSign(context, nil, &length, input, data.count) == 1 else { return nil }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, input, data.count) == 1 else { return nil }
        return Array(signature[..<length])
    }

    /// A big-number parameter ("n", "e") as a big-endian magnitude. The corresponding C
    /// function is `EVP_PKEY_get_bn_param`.
    private func parameter(_ name: String) -> [UInt8]? {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(key, name, &number) == 1, let number else { return nil }
        defer { BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: (Int(BN_num_bits(number)) + 7) / 8)
        let written = BN_bn2bin(number, &bytes)
        return Array(bytes[..<Int(written)])
    }
}

extension RSAPrivateKey {
    /// The corresponding C function is `PEM_read_bio_PrivateKey`. A passphrase is
    /// always given (empty when none), so OpenSSL never prompts on the terminal.
    fileprivate static func fromPEM(_ bytes: UnsafeRawBufferPointer, passphrase: String?) -> Loading {
        guard let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count)) else { return .notHandled }
        defer { BIO_free(bio) }
        let loaded = (passphrase ?? "").withCString { secret in
            PEM_read_bio_PrivateKey(bio, nil, nil, UnsafeMutableRawPointer(mutating: secret))
        }
        guard let loaded else { return .unreadablePEM }
        guard EVP_PKEY_get_base_id(loaded) == EVP_PKEY_RSA else {
            EVP_PKEY_free(loaded)
            return .notHandled
        }
        return .loaded(RSAPrivateKey(key: loaded))
    }

    /// Builds the key from its numbers, with the CRT exponents derived (OpenSSH files
    /// keep n, e, d, iqmp, p, q only). The corresponding C function is `EVP_PKEY_fromdata`.
    fileprivate static func fromFields(_ fields: OpenSSHRSAFields) -> RSAPrivateKey? {
        let numbers = BigNumbers()
        guard let n = numbers.make(fields.n), let e = numbers.make(fields.e), let d = numbers.make(fields.d),
              let p = numbers.make(fields.p), let q = numbers.make(fields.q), let iqmp = numbers.make(fields.iqmp),
              let dmp1 = numbers.exponent(d, p), let dmq1 = numbers.exponent(d, q),
              let builder = OSSL_PARAM_BLD_new()
        else { return nil }
        defer { OSSL_PARAM_BLD_free(builder) }
        // The builder and its params keep the name pointers (no copy): C strings that
        // live until the key is made.
        let named = [("n", n), ("e", e), ("d", d), ("rsa-factor1", p), ("rsa-factor2", q),
                     ("rsa-exponent1", dmp1), ("rsa-exponent2", dmq1), ("rsa-coefficient1", iqmp)]
        let names = named.compactMap { strdup($0.0) }
        defer { names.forEach { free($0) } }
        guard names.count == named.count else { return nil }
        for (name, (_, value)) in zip(names, named) where OSSL_PARAM_BLD_push_BN(builder, name, value) != 1 {
            return nil
        }
        guard let params = OSSL_PARAM_BLD_to_param(builder) else { return nil }
        defer { OSSL_PARAM_free(params) }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context) == 1,
              EVP_PKEY_fromdata(context, &key, chorus_evp_pkey_keypair, params) == 1, let key
        else { return nil }
        return RSAPrivateKey(key: key)
    }
}

/// BIGNUMs made for one key, all freed (cleared: they are secret) with this object.
private final class BigNumbers {
    private var made: [OpaquePointer] = []
    private let context = BN_CTX_new()

    deinit {
        made.forEach { BN_clear_free($0) }
        BN_CTX_free(context)
    }

    func make(_ magnitude: [UInt8]) -> OpaquePointer? {
        guard let number = BN_bin2bn(magnitude, Int32(magnitude.count), nil) else { return nil }
        made.append(number)
        return number
    }

    /// d mod (prime - 1), a CRT exponent. The corresponding C functions are `BN_sub`
    /// and `BN_div` (`BN_mod` is a macro).
    func exponent(_ d: OpaquePointer, _ prime: OpaquePointer) -> OpaquePointer? {
        guard let minusOne = make([]), let result = make([]),
              BN_sub(minusOne, prime, BN_value_one()) == 1,
              BN_div(nil, result, d, minusOne, context) == 1
        else { return nil }
        return result
    }
}
