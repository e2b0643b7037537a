import HostPatterns
import Foundation
@testable import Inventory
import Testing

/// Every sample in `conf/` loads, with the content its comments promise.
@Suite struct SampleInventoryTests {
    static let environment = ["USER": "alice", "HOME": "/home/alice"]

    @Test func directoryLayoutSample() throws {
        let (inventory, warnings) = try Inventory.load(path: repositoryRoot + "/conf/inventory.d", environment: Self.environment)
        #expect(warnings.isEmpty)
        #expect(inventory.groupNames == ["db_servers", "primary", "web_clusters"])
        #expect(inventory.groups["web_clusters"]?.description == "web[01-04]")
        #expect(inventory.groups["db_servers"]?.description == "db[1-3]")
        #expect(inventory.groups["primary"]?.description == "db3")
        let web03 = try #require(inventory.hosts["web03"])
        #expect(web03.port == 2222)
        #expect(web03.username == "deploy")
        #expect(web03.identityFile == "/home/alice/.ssh/id_ed25519")
        #expect(web03.knownHostsPolicy == .acceptNew)
        #expect(inventory.hosts["web04"]?.connectTimeout == 5)
        let db3 = try #require(inventory.hosts["db3"])
        #expect(db3.hostname == "db3.db.example.com")
        #expect(db3.port == 2200)
        #expect(db3.passwordEnv == "CHORUS_DB_PASSWORD")
        #expect(db3.groups == ["db_servers", "primary"])
        #expect(try inventory.select("@web_clusters!web02", defaultUsername: "x").set.description == "web[01,03-04]")
    }

    @Test func singleFileSample() throws {
        let (inventory, warnings) = try Inventory.load(path: repositoryRoot + "/conf/inventory.ini", environment: Self.environment)
        #expect(warnings.isEmpty)
        #expect(inventory.groupNames == ["canary", "db", "web"])
        #expect(inventory.allHosts.description == "bastion,db1,web[01-02]")
        let web02 = try #require(inventory.hosts["web02"])
        #expect(web02.identityFile == "/home/alice/.ssh/web_ed25519")
        #expect(web02.knownHostsPolicy == .strict)
        #expect(web02.username == "ops")
        #expect(web02.groups == ["canary", "web"])
        let db1 = try #require(inventory.hosts["db1"])
        #expect(db1.username == "postgres")
        #expect(db1.passwordPrompt)
        #expect(db1.port == 2200)
        #expect(inventory.hosts["bastion"]?.username == "jump")
        #expect(inventory.hosts["bastion"]?.connectTimeout == 10)
    }
}

/// The manual page documents every key the reader accepts.
@Suite struct ManualPageTests {
    @Test func documentsEveryHostKey() throws {
        let page = try String(contentsOfFile: repositoryRoot + "/man/chorus-inventory.5", encoding: .utf8)
        for key in HostField.names {
            #expect(page.contains(".B \(key)\n"), "man/chorus-inventory.5 does not document '\(key)'")
        }
        for name in InventoryLocation.candidateNames { #expect(page.contains(name)) }
        #expect(page.contains("chmod 600"))
    }
}
