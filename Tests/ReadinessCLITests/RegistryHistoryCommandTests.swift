import Foundation
import Testing
import TestSupport

/// Each kind of registry change through `readiness communes changes`, then reports before, on and after its date.
@Suite struct RegistryHistoryCommandTests {
    static let source = "Nghị quyết 9/NQ-UBTVQH16 ngày 01/06/2026"

    /// A database holding four communes of one province, each with one queue-number machine but Xã Bình (two).
    static func database() throws -> (db: String, folder: URL) {
        let folder = Fixtures.temporaryDirectory()
        let list = folder.appendingPathComponent("list.csv")
        try """
            province_code,province_name,code,name,type
            75,Tỉnh Đồng Nai,10001,Xã An,xã
            75,Tỉnh Đồng Nai,10002,Xã Bình,xã
            75,Tỉnh Đồng Nai,10003,Xã Châu,xã
            75,Tỉnh Đồng Nai,10004,Phường Đông,phường

            """.write(to: list, atomically: true, encoding: .utf8)
        let db = folder.appendingPathComponent("r.sqlite").path
        let load = try CLI.run(["communes", "load", list.path, "--db", db, "--lang", "en"])
        #expect(load.status == 0, "\(load.stderr)")
        for (code, n) in [("10001", "1"), ("10002", "2"), ("10003", "1"), ("10004", "1")] {
            let r = try CLI.run(["record", code, "queue-machine", "--working", n, "--on", "2025-09-01", "--db", db, "--lang", "en"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        return (db, folder)
    }

    static func changes(_ rows: String, in folder: URL, db: String, dryRun: Bool = false) throws -> CommandResult {
        let file = folder.appendingPathComponent("changes-\(UUID().uuidString).csv")
        try ("effective,change,code,to_code,name,type,province_code,source\n" + rows).write(to: file, atomically: true, encoding: .utf8)
        return try CLI.run(["communes", "changes", file.path, "--db", db, "--lang", "en"] + (dryRun ? ["--dry-run"] : []))
    }

    static func gaps(_ day: String, _ db: String) throws -> String {
        try CLI.run(["gaps", "--as-of", day, "--names", "0", "--db", db, "--lang", "en"]).stdout
    }

    static func listed(_ day: String, _ db: String) throws -> String {
        try CLI.run(["communes", "list", "--as-of", day, "--format", "csv", "--db", db, "--lang", "en"]).stdout
    }

    @Test("a commune reclassified as a ward is a xã before its date and a ward with its new name on and after it")
    func reclassify() throws {
        let (db, folder) = try Self.database()
        let r = try Self.changes("2026-06-01,reclassify,10001,,Phường An,phường,75,\(Self.source)\n", in: folder, db: db)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.listed("2026-05-31", db).contains("10001,Xã An,xã"))
        #expect(try Self.listed("2026-06-01", db).contains("10001,Phường An,phường"))
        #expect(try Self.listed("2026-07-01", db).contains("10001,Phường An,phường"))
        let history = try CLI.run(["communes", "history", "10001", "--db", db, "--lang", "en"])
        #expect(history.stdout.contains("reclassified from commune to ward, formerly Xã An (\(Self.source))"))
    }

    @Test("two communes merged into a new one: 4 units before, 3 from the date, the successor holding their sum, nothing counted twice")
    func merge() throws {
        let (db, folder) = try Self.database()
        let r = try Self.changes("""
            2026-06-01,merge,10001,10009,Xã An Bình,xã,75,\(Self.source)
            2026-06-01,merge,10002,10009,,,,\(Self.source)

            """, in: folder, db: db)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 ledger events carrying holdings") || r.stdout.contains("3 ledger events carrying holdings"))
        #expect(try Self.listed("2026-05-31", db).split(whereSeparator: \.isNewline).count == 5)   // header and 4 units
        let after = try Self.listed("2026-06-01", db)
        #expect(after.split(whereSeparator: \.isNewline).count == 4)
        #expect(after.contains("10009,Xã An Bình,xã"))
        #expect(!after.contains("10001,"))
        let card = try CLI.run(["commune", "10009", "--as-of", "2026-06-01", "--format", "json", "--db", db, "--lang", "en"])
        #expect(card.status == 0, "\(card.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(card.stdout.utf8)) as? [String: Any]
        let holdings = json?["holdings"] as? [[String: Any]] ?? []
        #expect(holdings.first { $0["item"] as? String == "queue-machine" }?["working"] as? Int == 3)
        #expect((json?["history"] as? [String])?.first?.contains("merged from Xã An (10001), Xã Bình (10002)") == true)
        let history = try CLI.run(["history", "10001", "--format", "csv", "--db", db, "--lang", "en"])
        #expect(history.stdout.contains("2026-06-01,queue-machine,0,0,,command,"))
        #expect(history.stdout.contains(Self.source))
        #expect(try Self.gaps("2026-05-31", db).contains("/4 communes"))
        #expect(try Self.gaps("2026-06-01", db).contains("/3 communes"))
    }

    @Test("a split's successors exist from its date and are not judged until a transfer file, never counted as holding nothing")
    func split() throws {
        let (db, folder) = try Self.database()
        let r = try Self.changes("""
            2026-06-01,split,10003,10031,Xã Châu Bắc,xã,,\(Self.source)
            2026-06-01,split,10003,10032,Xã Châu Nam,xã,,\(Self.source)

            """, in: folder, db: db)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Waiting for a transfer file"))
        let gaps = try Self.gaps("2026-06-01", db)
        #expect(gaps.contains("0/5 communes without a queue-number machine, 2 not judged (holdings not recorded until the split's transfer file)"))
        #expect(try Self.gaps("2026-05-31", db).contains("0/4 communes without a queue-number machine"))
        // The province's transfer file, imported as any ledger file: the successors are judged from then on.
        let transfer = folder.appendingPathComponent("transfer.csv")
        try "commune_code,item,working,broken,date\n10031,queue-machine,1,0,2026-06-01\n10032,queue-machine,0,0,2026-06-01\n"
            .write(to: transfer, atomically: true, encoding: .utf8)
        let imported = try CLI.run(["import", transfer.path, "--db", db, "--lang", "en"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try Self.gaps("2026-06-01", db).contains("1/5 communes without a queue-number machine\n")
                || Self.gaps("2026-06-01", db).contains("1/5 communes without a queue-number machine"))
        #expect(!(try Self.gaps("2026-06-01", db).contains("transfer file")))
    }

    @Test("a dissolved commune is counted before its date and not from it on")
    func dissolve() throws {
        let (db, folder) = try Self.database()
        let r = try Self.changes("2026-06-01,dissolve,10004,,,,,\(Self.source)\n", in: folder, db: db)
        #expect(r.status == 0, "\(r.stderr)")
        let late = try CLI.run(["record", "10004", "queue-machine", "--working", "2", "--on", "2026-06-02", "--db", db, "--lang", "en"])
        #expect(late.status == 1)
        #expect(late.stderr.contains("Phường Đông (10004) did not exist on 2026-06-02"))
        #expect(try CLI.run(["record", "10004", "queue-machine", "--working", "2", "--on", "2026-05-20", "--db", db]).status == 0)
        #expect(try Self.gaps("2026-05-31", db).contains("/4 communes"))
        #expect(try Self.gaps("2026-06-01", db).contains("/3 communes"))
    }

    @Test("a renamed commune keeps its old name in reports before the date")
    func rename() throws {
        let (db, folder) = try Self.database()
        let r = try Self.changes("2026-06-01,rename,10002,,Xã Bình Minh,,,\(Self.source)\n", in: folder, db: db)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.listed("2026-05-31", db).contains("10002,Xã Bình,xã"))
        #expect(try Self.listed("2026-06-01", db).contains("10002,Xã Bình Minh,xã"))
    }

    @Test("a commune moved to another province is counted in its old province before the date and in the new one from it")
    func move() throws {
        let (db, folder) = try Self.database()
        let r = try Self.changes("2026-06-01,move,10003,,,,79,\(Self.source)\n", in: folder, db: db)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.listed("2026-05-31", db).contains("10003,Xã Châu,xã,75,Tỉnh Đồng Nai"))
        #expect(try Self.listed("2026-06-01", db).contains("10003,Xã Châu,xã,79,Thành phố Hồ Chí Minh"))
        let history = try CLI.run(["communes", "history", "10003", "--db", db, "--lang", "en"]).stdout
        #expect(history.contains("moved from Tỉnh Đồng Nai to Thành phố Hồ Chí Minh (\(Self.source))"))
    }

    @Test("an established commune exists from its date only")
    func establish() throws {
        let (db, folder) = try Self.database()
        let r = try Self.changes("2026-06-01,establish,10005,,Xã Mới,xã,75,\(Self.source)\n", in: folder, db: db)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!(try Self.listed("2026-05-31", db).contains("10005")))
        #expect(try Self.listed("2026-06-01", db).contains("10005,Xã Mới,xã"))
    }

    @Test("a province renamed: its communes carry the new name from the date")
    func provinceRename() throws {
        let (db, folder) = try Self.database()
        let r = try Self.changes("2026-06-01,rename,75,,Thành phố Đồng Nai,,75,\(Self.source)\n", in: folder, db: db)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.listed("2026-05-31", db).contains("Tỉnh Đồng Nai"))
        #expect(!(try Self.listed("2026-06-01", db).contains("Tỉnh Đồng Nai")))
    }

    @Test("every problem of a change file is reported with its row and column, and nothing is written")
    func problems() throws {
        let (db, folder) = try Self.database()
        let r = try Self.changes("""
            2026-13-01,rename,10001,,Xã A,,,\(Self.source)
            2026-06-01,explode,10001,,,,,\(Self.source)
            2026-06-01,rename,99999,,Xã Lạ,,,\(Self.source)
            2026-06-01,rename,10002,,Xã Bình Mới,,,

            """, in: folder, db: db)
        #expect(r.status == 1)
        #expect(r.stderr.contains(":2:1: effective \"2026-13-01\" is not a date"))
        #expect(r.stderr.contains(":3:2: change \"explode\" is not one of"))
        #expect(r.stderr.contains(":5:8: no source"))
        #expect(try Self.listed("2026-07-01", db).contains("10002,Xã Bình,xã"))
    }

    @Test("a change file applied twice changes nothing the second time")
    func twice() throws {
        let (db, folder) = try Self.database()
        let file = folder.appendingPathComponent("c.csv")
        try "effective,change,code,to_code,name,type,province_code,source\n2026-06-01,reclassify,10001,,Phường An,phường,75,\(Self.source)\n"
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["communes", "changes", file.path, "--db", db, "--lang", "en"]).status == 0)
        let again = try CLI.run(["communes", "changes", file.path, "--db", db, "--lang", "en"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("1 change already recorded"))
    }

    @Test("a list lacking a commune is refused until a change file says what became of it; the same list again changes nothing")
    func listLackingACommune() throws {
        let (db, folder) = try Self.database()
        let list = folder.appendingPathComponent("list-2026.csv")
        try """
            province_code,province_name,code,name,type
            75,Tỉnh Đồng Nai,10001,Phường An,phường
            75,Tỉnh Đồng Nai,10002,Xã Bình,xã
            75,Tỉnh Đồng Nai,10003,Xã Châu,xã

            """.write(to: list, atomically: true, encoding: .utf8)
        let refused = try CLI.run(["communes", "load", list.path, "--effective", "2026-06-01", "--source", Self.source, "--db", db, "--lang", "en"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("lacks 1 unit"))
        #expect(refused.stderr.contains("Phường Đông (10004)"))
        #expect(try Self.changes("2026-06-01,dissolve,10004,,,,,\(Self.source)\n", in: folder, db: db).status == 0)
        let dry = try CLI.run(["communes", "load", list.path, "--effective", "2026-06-01", "--source", Self.source, "--dry-run", "--db", db, "--lang", "en"])
        #expect(dry.stdout.contains("1 reclassified"))
        #expect(dry.stdout.contains("nothing written (dry run)"))
        let loaded = try CLI.run(["communes", "load", list.path, "--effective", "2026-06-01", "--source", Self.source, "--db", db, "--lang", "en"])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(try Self.listed("2026-05-31", db).contains("10001,Xã An,xã"))
        let again = try CLI.run(["communes", "load", list.path, "--effective", "2026-06-01", "--source", Self.source, "--db", db, "--lang", "en"])
        #expect(again.stdout.contains("nothing to change"))
    }

    @Test("a list that changes a commune without --effective is refused: it would rewrite the past")
    func listWithoutDate() throws {
        let (db, folder) = try Self.database()
        let list = folder.appendingPathComponent("renamed.csv")
        try """
            province_code,province_name,code,name,type
            75,Tỉnh Đồng Nai,10001,Phường An,phường
            75,Tỉnh Đồng Nai,10002,Xã Bình,xã
            75,Tỉnh Đồng Nai,10003,Xã Châu,xã
            75,Tỉnh Đồng Nai,10004,Phường Đông,phường

            """.write(to: list, atomically: true, encoding: .utf8)
        let r = try CLI.run(["communes", "load", list.path, "--db", db, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--effective DATE"))
        #expect(try Self.listed("2026-07-01", db).contains("10001,Xã An,xã"))
    }
}

@Suite struct ShippedRegistryChangesTests {
    @Test("the shipped changes since July 2025 give 2,599 xã, 709 phường and 13 đặc khu and the three new cities' names, the 2025 list before them")
    func nationalTotals() throws {
        let db = Fixtures.temporaryDirectory().appendingPathComponent("vn.sqlite").path
        #expect(try CLI.run(["communes", "load", "Inventory/communes/vietnam-2025.csv", "--db", db]).status == 0)
        let r = try CLI.run(["communes", "changes", "Inventory/communes/changes-2025-2026.csv", "--db", db, "--lang", "en"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("3321 = 2621 xã + 687 phường + 13 đặc khu"))
        #expect(r.stdout.contains("3321 = 2599 xã + 709 phường + 13 đặc khu"))
        let today = try CLI.run(["communes", "list", "--as-of", "2026-12-01", "--format", "csv", "--db", db]).stdout
        for city in ["Thành phố Đồng Nai", "Thành phố Quảng Ninh", "Thành phố Bắc Ninh"] { #expect(today.contains(city)) }
        #expect(!today.contains("Tỉnh Đồng Nai"))
        #expect(today.contains("26368,Phường Long Thành,phường"))
        let before = try CLI.run(["communes", "list", "--as-of", "2025-09-15", "--format", "csv", "--db", db]).stdout
        #expect(before.contains("26368,Xã Long Thành,xã"))
        #expect(before.contains("Tỉnh Đồng Nai"))
    }

    @Test("a rule for xã judges Long Thành in September 2025 as the xã it then was, and leaves it out once a ward")
    func appliesToFollowsTheDate() throws {
        let folder = Fixtures.temporaryDirectory()
        let db = folder.appendingPathComponent("vn.sqlite").path
        #expect(try CLI.run(["communes", "load", "Inventory/communes/vietnam-2025.csv", "--province", "75", "--db", db]).status == 0)
        #expect(try CLI.run(["communes", "changes", "Inventory/communes/changes-2025-2026.csv", "--db", db]).status != 0)
        // (The national file names provinces this database does not hold: a province applies its own rows.)
        let own = folder.appendingPathComponent("dong-nai.csv")
        let rows = try String(contentsOfFile: "Inventory/communes/changes-2025-2026.csv", encoding: .utf8)
            .split(whereSeparator: \.isNewline).filter { $0.hasPrefix("effective") || $0.contains(",75,") }
        try (rows.joined(separator: "\n") + "\n").write(to: own, atomically: true, encoding: .utf8)
        let r = try CLI.run(["communes", "changes", own.path, "--db", db, "--lang", "en"])
        #expect(r.status == 0, "\(r.stderr)")
        let checklist = folder.appendingPathComponent("xa.yaml")
        try """
            id: xa-only
            title: {vi: Chỉ tiêu cho xã, en: A rule for communes}
            source: test
            deadline: 2026-12-31
            rules:
              - id: kiosk-xa
                item: lookup-kiosk
                name: {vi: Thiết bị tra cứu TTHC, en: a procedure look-up kiosk}
                applies_to:
                  type: [xã]

            """.write(to: checklist, atomically: true, encoding: .utf8)
        let before = try CLI.run(["gaps", "--as-of", "2025-09-15", "--names", "0", "--checklist", checklist.path, "--db", db, "--lang", "en"])
        let after = try CLI.run(["gaps", "--as-of", "2026-05-01", "--names", "0", "--checklist", checklist.path, "--db", db, "--lang", "en"])
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.contains("72/72 communes"))
        #expect(after.stdout.contains("62/62 communes"))
    }
}

@Suite struct RegistryExchangeTests {
    @Test("a ministry that applies a province's exported changes and imports its ledger export reports the same at every date")
    func ministryGetsTheSameFigures() throws {
        let (db, folder) = try RegistryHistoryCommandTests.database()
        let source = RegistryHistoryCommandTests.source
        #expect(try RegistryHistoryCommandTests.changes("""
            2026-03-01,reclassify,10001,,Phường An,phường,75,\(source)
            2026-06-01,merge,10002,10003,,,,\(source)
            2026-06-01,rename,75,,Thành phố Đồng Nai,,75,\(source)

            """, in: folder, db: db).status == 0)
        _ = try CLI.run(["record", "10003", "lookup-kiosk", "--working", "1", "--on", "2026-07-01", "--db", db])
        let ledger = folder.appendingPathComponent("ledger.csv").path, changes = folder.appendingPathComponent("changes.csv").path
        #expect(try CLI.run(["export", "--out", ledger, "--db", db]).status == 0)
        let exported = try CLI.run(["communes", "export-changes", "--province", "75", "--out", changes, "--db", db, "--lang", "en"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stderr.contains("3 changes written"))

        let ministry = folder.appendingPathComponent("ministry.sqlite").path
        #expect(try CLI.run(["communes", "load", folder.appendingPathComponent("list.csv").path, "--db", ministry]).status == 0)
        let applied = try CLI.run(["communes", "changes", changes, "--db", ministry, "--lang", "en"])
        #expect(applied.status == 0, "\(applied.stderr)")
        let imported = try CLI.run(["import", ledger, "--db", ministry, "--lang", "en"])
        #expect(imported.status == 0, "\(imported.stderr)")
        for day in ["2025-09-15", "2026-03-01", "2026-05-31", "2026-06-01", "2026-07-01", "2026-12-01"] {
            let a = try CLI.run(["gaps", "--as-of", day, "--db", db, "--lang", "en"]).stdout
            let b = try CLI.run(["gaps", "--as-of", day, "--db", ministry, "--lang", "en"]).stdout
            #expect(a == b, "on \(day)")
        }
        #expect(try CLI.run(["communes", "changes", changes, "--db", ministry, "--lang", "en"]).stdout.contains("3 changes already recorded"))
    }
}

@Suite struct MergedCommuneAccountTests {
    @Test("a merged commune's account is named for an admin and keeps its commune until the admin moves it to the successor")
    func accountFollowsOnlyWhenMoved() throws {
        let (db, folder) = try RegistryHistoryCommandTests.database()
        #expect(try CLI.run(["user", "add", "xa-an", "--role", "commune", "--commune", "10001", "--db", db]).status == 0)
        let merged = try RegistryHistoryCommandTests.changes("2026-06-01,merge,10001,10002,,,,\(RegistryHistoryCommandTests.source)\n",
                                                             in: folder, db: db)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.contains("Accounts whose commune no longer exists, for an admin to move or disable: xa-an"))
        #expect(try CLI.run(["user", "list", "--db", db, "--lang", "en"]).stdout.contains("10001"))
        let moved = try CLI.run(["user", "move", "xa-an", "--commune", "10002", "--db", db, "--lang", "en"])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout.contains("moved xa-an to commune 10002"))
        let listed = try CLI.run(["user", "list", "--db", db, "--lang", "en"]).stdout
        #expect(listed.contains("10002"))
    }
}
