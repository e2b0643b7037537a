import Digests
import Foundation
@testable import SSHClient
import Testing

/// Lines a gateway's worker appended to its copy of known_hosts come back here only as
/// keys for hosts it was sent under accept-new, re-checked and written by us: a gateway
/// cannot add patterns, markers, other hosts, or a key that contradicts this file.
@Suite struct LearnedHostKeysTests {
    static let t1 = LearnedHostKeys.Candidate(hostname: "10.7.0.5", port: 22, knownHostsPath: "")
    static let t2 = LearnedHostKeys.Candidate(hostname: "10.7.0.6", port: 2222, knownHostsPath: "")

    /// A well-formed public key blob of `type`, base64, whose 32 key bytes are all `fill`.
    static func key(_ fill: UInt8, type name: String = "ssh-ed25519") -> String {
        let type = Array(name.utf8)
        let blob: [UInt8] = [0, 0, 0, UInt8(type.count)] + type + [0, 0, 0, 32] + Array(repeating: fill, count: 32)
        return name + " " + Base64.encode(blob)
    }

    func adopt(_ lines: [String], into file: KnownHostsFile,
               candidates: [LearnedHostKeys.Candidate] = [t1, t2]) -> [LearnedHostKeys.Outcome] {
        let here = candidates.map { LearnedHostKeys.Candidate(hostname: $0.hostname, port: $0.port, knownHostsPath: file.path) }
        return LearnedHostKeys.adopt(Array(lines.map { $0 + "\n" }.joined().utf8), candidates: here)
    }

    @Test func aKeyForAHostSentUnderAcceptNewIsRecordedHereInOurOwnWords() throws {
        let file = try KnownHostsFile(contents: "# mine\nother.example \(Self.key(9))")
        defer { file.remove() }
        let outcomes = adopt(["10.7.0.5 \(Self.key(1)) a comment", "[10.7.0.6]:2222 \(Self.key(2))", "", "# note"], into: file)
        #expect(outcomes == [.recorded(host: "10.7.0.5", file: file.path), .recorded(host: "[10.7.0.6]:2222", file: file.path)])
        #expect(try file.lines() == ["# mine", "other.example \(Self.key(9))", "10.7.0.5 \(Self.key(1))",
                                     "[10.7.0.6]:2222 \(Self.key(2))"], "appended after a line without its newline, comment dropped")
        #expect(adopt(["10.7.0.5 \(Self.key(1))"], into: file).isEmpty, "a key already known says nothing")
        #expect(try file.lines().count == 4)
    }

    @Test func aHashedNameOfASentHostIsRecordedAsItsPlainName() throws {
        let file = try KnownHostsFile(contents: "")
        defer { file.remove() }
        let hash = try #require(HostNameHash(hashing: Array("10.7.0.5".utf8)))
        #expect(adopt(["\(hash.field) \(Self.key(3))"], into: file) == [.recorded(host: "10.7.0.5", file: file.path)])
        #expect(try file.lines() == ["10.7.0.5 \(Self.key(3))"])
    }

    @Test func patternsListsMarkersAndOtherHostsAreRefused() throws {
        let file = try KnownHostsFile(contents: "")
        defer { file.remove() }
        let lines = ["* \(Self.key(4))", "10.7.0.5,10.7.0.9 \(Self.key(4))", "10.7.0.? \(Self.key(4))", "!x,10.7.0.5 \(Self.key(4))",
                     "@cert-authority 10.7.0.5 \(Self.key(4))", "@revoked 10.7.0.5 \(Self.key(4))",
                     "10.7.0.6 \(Self.key(4))", "db.example \(Self.key(4))", "10.7.0.5 ssh-rsa AAAA", "garbage",
                     "10.7.0.5 \(Self.key(4, type: "x-\u{1b}[2J"))"]
        let outcomes = adopt(lines, into: file)
        #expect(outcomes.count == lines.count && outcomes.allSatisfy { if case .refused = $0 { true } else { false } }, "\(outcomes)")
        #expect(try file.lines().isEmpty, "nothing written")
    }

    @Test func aKeyThatContradictsThisFileIsRefusedAndTheFileKept() throws {
        let contents = "10.7.0.5 \(Self.key(5))\n@revoked * \(Self.key(6))\n"
        let file = try KnownHostsFile(contents: contents)
        defer { file.remove() }
        let outcomes = adopt(["10.7.0.5 \(Self.key(7))", "[10.7.0.6]:2222 \(Self.key(6))"], into: file)
        #expect(outcomes.count == 2, "\(outcomes)")
        #expect(outcomes.first.map { "\($0)".contains("\(file.path):1") } == true, "\(outcomes)")
        #expect(outcomes.last.map { "\($0)".contains("\(file.path):2") } == true, "the revoked key: \(outcomes)")
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == contents)
    }

    @Test func onlyHostsSentUnderAcceptNewMayLearn() throws {
        let file = try KnownHostsFile(contents: "")
        defer { file.remove() }
        let outcomes = adopt(["10.7.0.5 \(Self.key(8))"], into: file, candidates: [Self.t2])
        #expect(outcomes.count == 1 && outcomes.allSatisfy { if case .refused = $0 { true } else { false } })
        #expect(try file.lines().isEmpty)
    }
}
