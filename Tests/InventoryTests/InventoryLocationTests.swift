import Inventory
import Testing

/// The inventory search order.
@Suite struct InventoryLocationTests {
    static func find(_ explicit: String?, _ environment: [String: String], existing: Set<String>) throws -> InventoryLocation.Found? {
        try InventoryLocation.find(explicit: explicit, environment: environment, exists: { existing.contains($0) })
    }

    @Test(arguments: [
        ("/x/inv", [:], ["/x/inv"], "/x/inv", InventoryLocation.Origin.option),
        ("/x/inv", ["CHORUS_INVENTORY": "/env"], ["/x/inv", "/env"], "/x/inv", .option),
        (nil, ["CHORUS_INVENTORY": "/env"], ["/env", "/h/.config/chorus/inventory.ini"], "/env", .environment),
        (nil, ["HOME": "/h"], ["/h/.config/chorus/inventory.ini", "/etc/chorus/inventory.ini"], "/h/.config/chorus/inventory.ini", .user),
        (nil, ["HOME": "/h"], ["/h/.config/chorus/inventory.d"], "/h/.config/chorus/inventory.d", .user),
        (nil, ["HOME": "/h"], ["/h/.config/chorus/inventory.ini", "/h/.config/chorus/inventory.d"], "/h/.config/chorus/inventory.ini", .user),
        (nil, ["HOME": "/h", "XDG_CONFIG_HOME": "/xdg"], ["/xdg/chorus/inventory.d", "/h/.config/chorus/inventory.ini"], "/xdg/chorus/inventory.d", .user),
        (nil, ["HOME": "/h", "XDG_CONFIG_HOME": "relative"], ["/h/.config/chorus/inventory.ini"], "/h/.config/chorus/inventory.ini", .user),
        (nil, ["HOME": "/h"], ["/etc/chorus/inventory.ini"], "/etc/chorus/inventory.ini", .system),
        (nil, ["HOME": "/h"], ["/etc/chorus/inventory.d"], "/etc/chorus/inventory.d", .system),
        (nil, ["HOME": "/h", "CHORUS_INVENTORY": ""], ["/etc/chorus/inventory.d"], "/etc/chorus/inventory.d", .system),
    ] as [(String?, [String: String], Set<String>, String, InventoryLocation.Origin)])
    func findsInOrder(explicit: String?, environment: [String: String], existing: Set<String>, path: String,
                      origin: InventoryLocation.Origin) throws {
        let found = try Self.find(explicit, environment, existing: existing)
        #expect(found?.path == path)
        #expect(found?.origin == origin)
    }

    @Test func noInventoryAtAllIsFine() throws {
        #expect(try Self.find(nil, ["HOME": "/h"], existing: []) == nil)
    }

    @Test func aNamedPathThatIsMissingIsAnError() {
        #expect(throws: InventoryError.self) { try Self.find("/missing", [:], existing: []) }
        #expect(throws: InventoryError.self) { try Self.find(nil, ["CHORUS_INVENTORY": "/gone"], existing: []) }
        let error = try? Self.find("/missing", [:], existing: []).map { _ in 0 }
        #expect(error == nil)
    }
}
