import Foundation
import GRDB
import ReadinessCore
import ReadinessStore
import Testing
import TestSupport

/// The registry's attribute types, which checklists are checked against, read without every commune
/// when the copy kept at the last load is still of the registry as it stands.
@Suite struct RegistryAttributesTests {
    let store: InventoryDatabase

    init() throws {
        store = try Fixtures.emptyStore()
        try store.upsertCommunes([
            Commune(code: "23344", name: "Xã Đăk Plô", type: .xa, attributes: ["officials": .int(25), "island": .bool(false)]),
            Commune(code: "23347", name: "Xã Đăk Pék", type: .xa, attributes: ["officials": .int(30), "founded": .date(Fixtures.day("1995-01-01"))]),
        ])
    }

    @Test("after a load, the attribute types are those of every commune")
    func afterLoad() throws {
        #expect(try store.registryAttributes() == RegistryAttributes(try store.communes()))
        #expect(try store.registryAttributes().types["founded"] == [.date])
    }

    @Test("a second load with a new attribute gives its type too")
    func afterSecondLoad() throws {
        try store.upsertCommunes([Commune(code: "23344", name: "Xã Đăk Plô", type: .xa, attributes: ["former_province": .text("Kon Tum")])])
        #expect(try store.registryAttributes().types["former_province"] == [.text])
        #expect(try store.registryAttributes() == RegistryAttributes(try store.communes()))
    }

    @Test("a registry changed outside the tool gives the types of its communes as they now are")
    func changedBySQL() throws {
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in
            try db.execute(sql: #"UPDATE commune SET attributes = '{"officials":"many"}' WHERE code = '23347'"#)
        }
        try queue.close()
        #expect(try store.registryAttributes().types["officials"] == [.int, .text])
        #expect(try store.registryAttributes().types["founded"] == nil)
        #expect(try store.registryAttributes() == RegistryAttributes(try store.communes()))
    }

    @Test("a database whose registry was loaded before types were kept reads them from every commune")
    func nothingKept() throws {
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in try db.execute(sql: "DELETE FROM meta WHERE key = 'registry_attributes'") }
        try queue.close()
        #expect(try store.registryAttributes() == RegistryAttributes(try store.communes()))
    }

    @Test("one commune is read by its code with its attributes, and the names of all without theirs")
    func oneCommuneAndNames() throws {
        #expect(try store.registeredCommune(code: "23347")?.attributes["officials"] == .int(30))
        #expect(try store.registeredCommune(code: "99999") == nil)
        #expect(try store.communeNames().map(\.code) == ["23344", "23347"])
        #expect(try store.communeNames().allSatisfy(\.attributes.isEmpty))
    }
}
