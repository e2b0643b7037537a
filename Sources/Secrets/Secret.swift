// Secrets: the one type that carries passwords and passphrases, shared by the
// inventory, the worker protocol and the SSH client.

/// A password or passphrase. Its description, debug description, mirror (`dump`) and
/// encoded form are always `<redacted>`, so a secret cannot reach output, logs, history
/// or error messages by accident; reading it takes an explicit `reveal()`.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable,
    Codable
{
    private let value: String

    public init(_ value: String) { self.value = value }

    /// The secret itself: call only where it is handed to the SSH library.
    public func reveal() -> String { value }

    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "Secret(<redacted>)" }
    public var customMirror: Mirror { Mirror(self, children: ["value": "<redacted>"]) }

    /// Encodes as the string `<redacted>`: serialized hosts never carry secrets.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode("<redacted>")
    }

    /// Decodes a plain string as the secret (for callers that load secrets from JSON).
    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }
}
