import Foundation
import Testing
import TestSupport

@Suite struct CommuneCommandTests {
    @Test("a commune typed without diacritics shows its card: rules met or short, holdings, index")
    func card() throws {
        let r = try CLI.run(["commune", "Dak Plo", "--as-of", "2025-09-15", "--db", try GapsCommandTests.sampleDB()])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("Xã Đăk Plô (23344)"))
        #expect(r.stdout.contains("✗ Thiết bị đầu cuối (VCS) đáp ứng yêu cầu HNTH"))
        #expect(r.stdout.contains("thiếu 1 (có 0/1)"))
        #expect(r.stdout.contains("Chỉ số sẵn sàng 0,63"))
        #expect(r.stdout.contains("Trang thiết bị đang có:"))
    }

    @Test("the card as JSON has the index, class and each rule's status")
    func json() throws {
        let r = try CLI.run(["commune", "23344", "--as-of", "2025-12-12", "--format", "json", "--db", try GapsCommandTests.sampleDB()])
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(object["code"] as? String == "23344")
        #expect(object["class"] as? String == "partly-met")
        let rules = object["rules"] as! [[String: Any]]
        #expect(rules.first { $0["id"] as? String == "vcs-terminal" }?["status"] as? String == "short")
    }

    @Test("an unknown commune is an error with exit 1 listing the closest candidates")
    func unknown() throws {
        let r = try CLI.run(["commune", "Xa Dak Ploo", "--db", try GapsCommandTests.sampleDB(), "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("unknown commune \"Xa Dak Ploo\"; did you mean Xã Đăk Plô (23344"))
        #expect(r.stdout.isEmpty)
    }
}

@Suite struct RegistryCommandTests {
    @Test("another province starts from an empty database: load its communes from the national list, then report")
    func anotherProvince() throws {
        let db = Fixtures.temporaryDirectory().appendingPathComponent("hanoi.sqlite").path
        let load = try CLI.run(["communes", "load", "Inventory/communes/vietnam-2025.csv", "--province", "01", "--db", db, "--lang", "en"])
        #expect(load.status == 0)
        #expect(load.stdout.contains("126 communes — 126 added"))
        let gaps = try CLI.run(["gaps", "--as-of", "2025-09-15", "--names", "0", "--db", db])
        #expect(gaps.status == 0)
        #expect(gaps.stdout.contains("126/126 địa phương chưa có Máy lấy số xếp hàng tự động"))
        let again = try CLI.run(["communes", "load", "Inventory/communes/vietnam-2025.csv", "--province", "01", "--db", db, "--lang", "en"])
        #expect(again.stdout.contains("0 added, 0 updated, 126 unchanged"))
        let ba = try CLI.run(["commune", "Ba Vi", "--db", db, "--format", "json"])
        #expect(ba.status == 0)
        #expect(ba.stdout.contains("\"09700\""))
    }

    @Test("a Ba Vì typed in a database holding two provinces is ambiguous and lists both")
    func ambiguousAcrossProvinces() throws {
        let db = Fixtures.temporaryDirectory().appendingPathComponent("two.sqlite").path
        _ = try CLI.run(["communes", "load", "Inventory/communes/vietnam-2025.csv", "--province", "01", "--db", db])
        _ = try CLI.run(["communes", "load", "Inventory/communes/quang-ngai-2025.csv", "--province", "51", "--db", db])
        let r = try CLI.run(["commune", "Ba Vi", "--db", db])
        #expect(r.status == 1)
        #expect(r.stderr.contains("09700"))
        #expect(r.stderr.contains("21529"))
    }

    @Test("an attribute file sets attributes of known communes; unknown codes are refused")
    func attributes() throws {
        let db = Fixtures.temporaryDirectory().appendingPathComponent("a.sqlite").path
        _ = try CLI.run(["communes", "load", "Inventory/communes/quang-ngai-2025.csv", "--province", "51", "--db", db])
        let ok = try CLI.run(["communes", "load", "Inventory/quang-ngai/commune-attributes.csv", "--db", db, "--lang", "en"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("attributes for 96 communes"))
        let dir = Fixtures.temporaryDirectory()
        let bad = Fixtures.write("code,officials\n99999,3\n", to: "bad.csv", in: dir)
        let r = try CLI.run(["communes", "load", bad.path, "--db", db, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("not in the registry"))
    }

    @Test("a registry file with mistakes is refused whole, with every line named")
    func badRegistry() throws {
        let db = Fixtures.temporaryDirectory().appendingPathComponent("b.sqlite").path
        let dir = Fixtures.temporaryDirectory()
        let bad = Fixtures.write("code,name,type\n00001,Xã A,xã\nabc,Xã B,xã\n00003,Xã C,tỉnh\n", to: "bad.csv", in: dir)
        let r = try CLI.run(["communes", "load", bad.path, "--db", db, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv:3:1: code \"abc\""))
        #expect(r.stderr.contains("bad.csv:4:3: type \"tỉnh\""))
        let list = try CLI.run(["communes", "list", "--db", db, "--lang", "en"])
        #expect(list.stdout.contains("0 communes"))
    }

    @Test("checklist check accepts the shipped checklist and rejects a bad one with exit 1")
    func checklistCheck() throws {
        let ok = try CLI.run(["checklist", "check", "Checklists/quang-ngai-commune-centre-2025.yaml", "--lang", "en"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("10 rules"))
        let dir = Fixtures.temporaryDirectory()
        let bad = Fixtures.write("id: x\ntitle: X\ndeadline: 31/12/2025\nrules:\n  - {id: a, item: queue-machine, name: A, min: -1}\n",
                                 to: "x.yaml", in: dir)
        let r = try CLI.run(["checklist", "check", bad.path, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains(":3:11: deadline \"31/12/2025\" is not a date"))
        #expect(r.stderr.contains(":5:"))
    }

    @Test("help explains the command and its options")
    func help() throws {
        let r = try CLI.run(["gaps", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--as-of"))
        #expect(r.stdout.contains("--names"))
    }
}

@Suite struct SetupErrorTests {
    @Test("READINESS_DATA pointing at a folder without the checklists is an error saying what it needs")
    func badDataFolder() throws {
        let r = try CLI.run(["gaps", "--lang", "en"], environment: ["READINESS_DATA": Fixtures.temporaryDirectory().path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("does not hold Checklists/catalog.yaml"))
    }

    @Test("a --db that is a folder is an error suggesting a file inside it")
    func databaseIsAFolder() throws {
        let dir = Fixtures.temporaryDirectory()
        let r = try CLI.run(["gaps", "--db", dir.path, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("is a folder; give a file path such as"))
    }

    @Test("the sample goes only into a database without events, and twice is harmless")
    func sampleLoadRefusals() throws {
        let db = try GapsCommandTests.sampleDB()
        let again = try CLI.run(["sample", "load", "--db", db, "--lang", "en"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("already holds the shipped sample; nothing loaded"))
        let other = Fixtures.temporaryDirectory().appendingPathComponent("o.sqlite").path
        _ = try CLI.run(["communes", "load", "Inventory/communes/quang-ngai-2025.csv", "--province", "51", "--db", other])
        _ = try CLI.run(["record", "23344", "queue-machine", "--working", "1", "--on", "2025-12-01", "--db", other])
        let r = try CLI.run(["sample", "load", "--db", other, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("already has ledger events: the sample goes into an empty database only"))
    }

    @Test("a province code with no communes in the national list is an error")
    func unknownProvince() throws {
        let db = Fixtures.temporaryDirectory().appendingPathComponent("p.sqlite").path
        let r = try CLI.run(["communes", "load", "Inventory/communes/vietnam-2025.csv", "--province", "99", "--db", db, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no commune of province 99 in this file"))
    }
}
