/// One file to read, and how: ssh treats its own user file, a `-F` file and the system
/// file differently (relative `Include`s, `~`, the permission check, a missing file).
public struct SSHConfigSource: Sendable, Equatable {
    public var path: String
    /// User configuration (`~/.ssh/config`, `-F`): relative `Include`s are under
    /// `~/.ssh` and `~` is allowed; system configuration: under the system folder, no `~`.
    public var isUserConfig: Bool
    /// A missing file is skipped (the default files); otherwise it is an error (`-F`).
    public var missingIsOK: Bool
    /// Refuse the file when someone else may have written it (ssh checks `~/.ssh/config`
    /// and every included file, not `-F` nor the system file).
    public var checkPermissions: Bool

    public init(path: String, isUserConfig: Bool, missingIsOK: Bool, checkPermissions: Bool) {
        self.path = path
        self.isUserConfig = isUserConfig
        self.missingIsOK = missingIsOK
        self.checkPermissions = checkPermissions
    }

    /// `~/.ssh/config`: may be missing, permissions checked.
    public static func userDefault(home: String) -> SSHConfigSource {
        SSHConfigSource(path: home + "/.ssh/config", isUserConfig: true, missingIsOK: true, checkPermissions: true)
    }

    /// `/etc/ssh/ssh_config`: may be missing.
    public static func systemDefault(folder: String = "/etc/ssh") -> SSHConfigSource {
        SSHConfigSource(path: folder + "/ssh_config", isUserConfig: false, missingIsOK: true, checkPermissions: false)
    }

    /// The file of `-F FILE`: must exist; read as user configuration, unchecked (as ssh).
    public static func commandLine(_ path: String) -> SSHConfigSource {
        SSHConfigSource(path: path, isUserConfig: true, missingIsOK: false, checkPermissions: false)
    }
}

/// What loading needs from the local side: the home for `~` and the relative `Include`s
/// of user files, and the folder of the system files.
public struct SSHConfigContext: Sendable, Equatable {
    public var home: String
    public var systemFolder: String

    public init(home: String, systemFolder: String = "/etc/ssh") {
        self.home = home
        self.systemFolder = systemFolder
    }
}
