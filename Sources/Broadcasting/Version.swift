/// The release of this build, shown by `chorus --version` and in worker hello frames.
public enum ChorusVersion {
    public static let current = "0.1.0"

    /// How workers and the shell name themselves in hello frames.
    package static var software: String { "chorus \(current)" }
}
