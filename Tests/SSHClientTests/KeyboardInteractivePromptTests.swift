import Secrets
@testable import SSHClient
import Testing

/// Which keyboard-interactive prompts get the password, and how a conversation goes.
@Suite struct KeyboardInteractivePromptTests {
    static let answered = [
        "Password: ", "Password:", "password", "chorus-lab@127.0.0.1's password: ", "Password for alice@EXAMPLE.ORG: ",
        "LDAP Password: ", "Current password: ", "(current) UNIX password: ", "STRESS Password: ", "Passwort: ",
        "  PASSWORD :  ",
    ]
    static let notAnswered = [
        "Verification code: ", "Enter PASSCODE: ", "First Factor: ", "Second Factor (optional): ", "New password: ",
        "Retype new password: ", "Guest login ok, send your complete e-mail address as password.", "Username: ",
        "Passcode or option (1-3): ", "", "Token: ",
    ]

    @Test(arguments: answered) func passwordPromptsAreAnswered(_ text: String) {
        #expect(KeyboardInteractivePrompt(text: text, echo: false).asksForPassword)
    }

    @Test(arguments: notAnswered) func otherQuestionsAreNot(_ text: String) {
        #expect(!KeyboardInteractivePrompt(text: text, echo: false).asksForPassword)
    }

    @Test func anEchoedPromptIsNeverAnsweredWithThePassword() {
        #expect(!KeyboardInteractivePrompt(text: "Password: ", echo: true).asksForPassword)
    }

    @Test func zeroPromptRoundsAreAnsweredWithNothingAndDoNotStop() {
        let conversation = KeyboardInteractiveConversation(password: Secret("pw"))
        #expect(conversation.answers(to: []) == [])
        #expect(conversation.answers(to: [.init(text: "Password: ", echo: false)]) == [.password])
        #expect(conversation.answers(to: []) == [])
        #expect(conversation.stopReason == nil)
    }

    @Test func aSecondPasswordPromptMeansRefused() {
        let conversation = KeyboardInteractiveConversation(password: Secret("pw"))
        _ = conversation.answers(to: [.init(text: "Password: ", echo: false)])
        #expect(conversation.answers(to: [.init(text: "Password: ", echo: false)]) == [.empty])
        #expect(conversation.stopReason == "keyboard-interactive: refused")
    }

    /// A round with any unanswerable question gets no password at all, and the question
    /// comes back as one line with the password (quoted back by a hostile server) hidden.
    @Test func aRoundWithAQuestionGetsOnlyEmptyAnswers() {
        let conversation = KeyboardInteractiveConversation(password: Secret("hunter2"))
        let round: [KeyboardInteractivePrompt] = [
            .init(text: "Password: ", echo: false), .init(text: "Code for\nhunter2:\t", echo: false),
        ]
        #expect(conversation.answers(to: round) == [.empty, .empty])
        #expect(conversation.stopReason
            == "keyboard-interactive: cannot answer the server's prompt \"Code for <redacted>:\" (only password prompts are answered)")
    }

    @Test func endlessRoundsStop() {
        let conversation = KeyboardInteractiveConversation(password: Secret("pw"))
        for _ in 0..<KeyboardInteractiveConversation.roundLimit { _ = conversation.answers(to: []) }
        #expect(conversation.stopReason == nil)
        _ = conversation.answers(to: [])
        #expect(conversation.stopReason?.contains("more than 10 rounds") == true)
    }

    @Test func longPromptsAreCut() {
        let line = ServerText.oneLine(String(repeating: "a", count: 500), limit: 120)
        #expect(line.count == 121)
    }
}
