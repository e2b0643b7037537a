import Broadcasting
import Inventory
import Secrets
import Testing

/// Who is asked for a password, how often, and what hosts without an answer say.
@Suite struct TypedPasswordsTests {
    static func host(_ name: String, user: String, prompt: Bool = false, password: String? = nil,
                     passwordEnv: String? = nil) -> ResolvedHost {
        var host = ResolvedHost(name: name, hostname: "127.0.0.1", username: user)
        host.passwordPrompt = prompt
        host.password = password.map(Secret.init)
        host.passwordEnv = passwordEnv
        return host
    }

    /// A fake terminal: records each prompt and answers from `answers` in turn.
    final class Terminal {
        var prompts: [String] = []
        var answers: [TerminalPassword.Answer]
        init(_ answers: [TerminalPassword.Answer]) { self.answers = answers }
        func ask(_ prompt: String) -> TerminalPassword.Answer {
            prompts.append(prompt)
            return answers.isEmpty ? .none : answers.removeFirst()
        }
    }

    @Test func oncePerUserInSelectionOrderAndKeptForLaterRuns() throws {
        let terminal = Terminal([.typed(Secret("a")), .typed(Secret("b"))])
        let passwords = TypedPasswords(ask: terminal.ask)
        let hosts = [Self.host("h1", user: "bob", prompt: true), Self.host("h2", user: "al", prompt: true),
                     Self.host("h3", user: "bob", prompt: true), Self.host("h4", user: "al")]
        let first = try passwords.supply(hosts, RunSettings(), [:])
        #expect(terminal.prompts == ["Password for bob (2 hosts): ", "Password for al (1 host): "])
        #expect(try first["h1"]?.get().reveal() == "a" && first["h3"]?.get().reveal() == "a")
        #expect(try first["h2"]?.get().reveal() == "b")
        #expect(first["h4"] == nil, "no prompt asked for, no typed password")
        _ = try passwords.supply(hosts, RunSettings(), [:])
        #expect(terminal.prompts.count == 2, "kept: not asked again")
    }

    @Test func askPasswordCoversHostsWithoutAPasswordOfTheirOwn() throws {
        let terminal = Terminal([.typed(Secret("x"))])
        var settings = RunSettings()
        settings.askPassword = true
        settings.user = "ops"
        let hosts = [Self.host("inline", user: "u", password: "p"), Self.host("env", user: "u", passwordEnv: "PW"),
                     Self.host("bare", user: "u"), Self.host("unsetenv", user: "u", passwordEnv: "NOPE")]
        let typed = try TypedPasswords(ask: terminal.ask).supply(hosts, settings, ["PW": "from-env"])
        #expect(terminal.prompts == ["Password for ops (2 hosts): "], "-l wins over the inventory's user")
        #expect(Set(typed.keys) == ["bare", "unsetenv"])
    }

    @Test func noTerminalAndNoAnswerFailTheHostsNamingWhy() throws {
        var settings = RunSettings()
        settings.askPassword = true
        let hosts = [Self.host("p", user: "u", prompt: true), Self.host("a", user: "v")]
        let typed = try TypedPasswords(ask: Terminal([.noTerminal, .none]).ask).supply(hosts, settings, [:])
        #expect(typed["p"] == .failure(HostFailure("password_prompt: no terminal to ask on; set password_env")))
        #expect(typed["a"] == .failure(HostFailure("--ask-password: no password given")))
    }

    @Test func controlCStopsEverything() {
        let passwords = TypedPasswords(ask: Terminal([.interrupted]).ask)
        #expect(throws: TypedPasswords.Interrupted.self) {
            try passwords.supply([Self.host("p", user: "u", prompt: true)], RunSettings(), [:])
        }
    }
}
