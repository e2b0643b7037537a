/// What a run needs besides its work and hosts: the settings it goes by, where its
/// output goes, and the environment it was started in. The one-shot modes build one
/// from the command line; the shell keeps one and `:set` edits its settings.
package struct RunContext {
    package var settings: RunSettings
    package var console: Console
    package var environment: [String: String]

    package init(settings: RunSettings, console: Console, environment: [String: String]) {
        self.settings = settings
        self.console = console
        self.environment = environment
    }
}
