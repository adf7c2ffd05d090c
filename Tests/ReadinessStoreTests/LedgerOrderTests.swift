import Foundation
import GRDB
import Testing
import ReadinessCore
import ReadinessStore
import TestSupport

/// `LedgerOrder` is the order of the ledger table's key: the store's SQLite must agree with it,
/// however the codes and ids are written.
@Suite struct LedgerOrderTests {
    /// Codes that sort differently by number, by length, by case, or by Unicode form (a precomposed
    /// "é" and an "e" with a combining accent are equal to `String`'s `==` but not to SQLite).
    static let codes = ["070", "70", "0070", "7", "1", "10", "A1", "a1", "Đ1", "\u{E9}", "e\u{301}", "e", "~", ""]
    static let items = ["pc", "pc-2", "pc_2", "pc2", "PC", "p", "ô", "o\u{302}"]

    /// The events of every code and item on two days, shuffled.
    static func events() -> [NewEvent] {
        var seed: UInt64 = 20251212
        var events = codes.flatMap { code in
            items.flatMap { item in
                ["2025-09-15", "2025-12-12"].map { NewEvent(communeCode: code, item: item, effectiveOn: Fixtures.day($0), working: 1) }
            }
        }
        for i in events.indices.reversed() {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            events.swapAt(i, Int(seed >> 33) % (i + 1))
        }
        return events
    }

    /// A holding and day by their bytes, so that two canonically equivalent texts stay apart.
    static func key(_ code: String, _ item: String, _ day: String) -> String { "\(Array(code.utf8)) \(Array(item.utf8)) \(day)" }

    /// The first row where two orders part, if any.
    static func firstDifference(_ a: [String], _ b: [String]) -> String? {
        if let i = (0..<min(a.count, b.count)).first(where: { a[$0] != b[$0] }) { return "row \(i): \(a[i]) against \(b[i])" }
        return a.count == b.count ? nil : "\(a.count) rows against \(b.count)"
    }

    @Test("the ledger table's rows come back in LedgerOrder, by event and by row key, whatever the codes")
    func sqliteAgreesWithLedgerOrder() throws {
        let store = try Fixtures.emptyStore()
        try store.upsertCommunes(Self.codes.map { Commune(code: $0, name: "Xã \($0)", type: .xa) })
        let events = Self.events()
        try store.append(events)

        let table = try DatabaseQueue(path: store.path).read { db in
            try Row.fetchAll(db, sql: "SELECT commune_code, item, effective_on FROM event ORDER BY commune_code, item, effective_on, id")
                .map { Self.key($0[0], $0[1], $0[2]) }
        }
        let byEvent = events.sorted(by: LedgerOrder.precedes).map { Self.key($0.communeCode, $0.item, $0.effectiveOn.iso) }
        #expect(Self.firstDifference(table, byEvent) == nil, "the table against LedgerOrder.precedes")

        let keys = LedgerOrder.Keys(codes: Self.codes, items: Self.items)
        func position(_ text: String, in texts: [String]) -> Int { texts.firstIndex { $0.utf8.elementsEqual(text.utf8) }! }
        func key(_ e: NewEvent) -> Int {
            keys.key(commune: position(e.communeCode, in: Self.codes), item: position(e.item, in: Self.items), day: e.effectiveOn)
        }
        let byKey = events.sorted { key($0) < key($1) }.map { Self.key($0.communeCode, $0.item, $0.effectiveOn.iso) }
        #expect(Self.firstDifference(table, byKey) == nil, "the table against LedgerOrder.Keys")
    }
}
