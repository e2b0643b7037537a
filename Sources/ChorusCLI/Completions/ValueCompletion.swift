/// What a word on the command line is, so the completion scripts can offer candidates:
/// an option's value or a subcommand's operands.
enum ValueCompletion: Sendable, Equatable {
    /// Free text (a number, a duration, a command): nothing to offer.
    case none
    /// A closed list, taken from the enum that validates the value.
    case choices([String])
    /// Local paths.
    case files
    case directories
    /// A host pattern: host names and `@groups` from the inventory, comma-separated.
    case pattern
    /// Group names, comma-separated, with or without their `@`.
    case groups
    /// Host names, comma-separated.
    case hosts
    /// `none` or host names, comma-separated (`-J`).
    case bastions
    /// Local user names.
    case users
    /// The names of `chorus`'s subcommands.
    case subcommands

    /// The raw values of a `String` enum: the names its parser accepts.
    static func choices<T: RawRepresentable & CaseIterable>(of _: T.Type) -> ValueCompletion where T.RawValue == String {
        .choices(T.allCases.map(\.rawValue))
    }
}
