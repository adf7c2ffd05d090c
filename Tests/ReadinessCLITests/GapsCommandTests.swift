import Foundation
import Testing
import TestSupport

/// `readiness gaps` as a user runs it: the real binary, a real database file.
@Suite struct GapsCommandTests {
    /// A database with the shipped sample, loaded through the command.
    static func sampleDB() throws -> String {
        let path = Fixtures.temporaryDirectory().appendingPathComponent("r.sqlite").path
        let r = try CLI.run(["sample", "load", "--db", path])
        precondition(r.status == 0, r.stderr)
        return path
    }

    func lines(_ output: String) -> [String] {
        output.split(separator: "\n").map(String.init).filter { $0.contains("/96 ") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test("table A as the province words it, in checklist order")
    func tableA() throws {
        let r = try CLI.run(["gaps", "--as-of", "2025-09-15", "--db", try Self.sampleDB()])
        #expect(r.status == 0)
        #expect(lines(r.stdout) == [
            "0/96 địa phương chưa kết nối Mạng Truyền số liệu chuyên dùng",
            "20/96 địa phương chưa có Thiết bị đầu cuối (VCS) đáp ứng yêu cầu HNTH",
            "42/96 địa phương chưa có Máy lấy số xếp hàng tự động",
            "46/96 địa phương chưa có Màn hình hiển thị số (treo trần)",
            "3/96 địa phương chưa có Bộ máy tính (kèm máy scan) hỗ trợ số hóa giấy tờ",
            "8/96 địa phương chưa có Thiết bị tra cứu TTHC",
            "8/96 địa phương chưa đủ Máy tính cho cán bộ công chức",
            "17/96 địa phương chưa đủ Các thiết bị khác (máy phôtô, …)",
            "5/96 địa phương chưa có Thiết bị bảo mật cơ yếu",
            "5/96 địa phương chưa có Chữ ký số chuyên dùng công vụ",
        ])
        for name in ["Xã Ba Động", "Xã Ngọk Bay", "Xã Đăk Plô", "Xã Rờ Kơi", "Phường Đăk Cấm"] {
            #expect(r.stdout.contains(name))
        }
    }

    @Test("table C in English, with the classification 69/27/0")
    func tableC() throws {
        let r = try CLI.run(["gaps", "--as-of", "2025-12-12", "--lang", "en", "--db", try Self.sampleDB()])
        #expect(r.status == 0)
        let l = lines(r.stdout)
        #expect(l.contains("9/96 communes without a queue-number machine"))
        #expect(l.contains("8/96 communes without a ceiling number display"))
        #expect(l.contains("7/96 communes without a procedure look-up kiosk"))
        #expect(l.contains("1/96 communes short of PCs for officials"))
        #expect(l.contains("16/96 communes short of other equipment (photocopier, …)"))
        #expect(l.contains("20/96 communes without a VCS terminal meeting online-meeting requirements"))
        #expect(r.stdout.contains("Classes: 69 fully met / 27 partly met / 0 not met"))
    }

    @Test("B worded as the August report words it: shares equipped")
    func percentB() throws {
        let r = try CLI.run(["gaps", "--as-of", "2025-08-25", "--percent", "--names", "0", "--db", try Self.sampleDB()])
        #expect(r.stdout.contains("95,83% (92/96) địa phương đã có Bộ máy tính (kèm máy scan) hỗ trợ số hóa giấy tờ"))
        #expect(r.stdout.contains("91,67% (88/96) địa phương đã có Thiết bị tra cứu TTHC"))
        #expect(r.stdout.contains("94,79% (91/96) địa phương đã có đủ Máy tính cho cán bộ công chức"))
        #expect(r.stdout.contains("91,67% (88/96) địa phương đã có Thiết bị bảo mật cơ yếu"))
        #expect(r.stdout.contains("92,71% (89/96) địa phương đã có Chữ ký số chuyên dùng công vụ"))
    }

    @Test("--format json gives asOf, total and rules with the short communes")
    func json() throws {
        let r = try CLI.run(["gaps", "--as-of", "2025-09-15", "--format", "json", "--db", try Self.sampleDB()])
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(object["asOf"] as? String == "2025-09-15")
        #expect(object["total"] as? Int == 96)
        let rules = object["rules"] as! [[String: Any]]
        let vcs = rules.first { $0["id"] as? String == "vcs-terminal" }!
        #expect(vcs["short"] as? Int == 20)
        let communes = vcs["communes"] as! [[String: Any]]
        #expect(communes.count == 20)
        #expect(communes.contains { $0["code"] as? String == "23344" && $0["name"] as? String == "Xã Đăk Plô" && $0["missing"] as? Int == 1 })
        #expect(rules.map { $0["id"] as! String }.first == "data-network")
    }

    @Test("--format csv has a BOM, a header and one row per short commune")
    func csv() throws {
        let r = try CLI.run(["gaps", "--as-of", "2025-09-15", "--format", "csv", "--db", try Self.sampleDB()])
        #expect(r.stdout.hasPrefix("\u{FEFF}rule_id,rule,short,total,commune_code,commune,have,need,missing"))
        #expect(r.stdout.components(separatedBy: "\r\n").filter { $0.hasPrefix("vcs-terminal,") }.count == 20)
    }

    @Test("--names 3 shows three names and how many more")
    func names() throws {
        let r = try CLI.run(["gaps", "--as-of", "2025-09-15", "--names", "3", "--db", try Self.sampleDB()])
        #expect(r.stdout.contains("và 39 địa phương khác"))
        #expect(r.stdout.contains("và 17 địa phương khác"))
    }

    @Test("the first run fills the default database from the shipped sample, with a one-line notice")
    func firstRunFillsDefaultDatabase() throws {
        let home = Fixtures.temporaryDirectory()
        let r = try CLI.run(["gaps", "--as-of", "2025-09-15"], home: home)
        #expect(r.status == 0)
        #expect(r.stdout.contains("42/96 địa phương chưa có Máy lấy số xếp hàng tự động"))
        #expect(r.stderr.hasPrefix("readiness: đã tạo "), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(FileManager.default.fileExists(atPath: home.path + "/.local/share/readiness/readiness.sqlite"))
        let again = try CLI.run(["gaps", "--as-of", "2025-09-15"], home: home)
        #expect(again.stderr.isEmpty)
        #expect(again.stdout == r.stdout)
    }

    @Test("a --db path that does not exist becomes a new, empty database, and the report says to load communes")
    func newDatabaseIsEmpty() throws {
        let path = Fixtures.temporaryDirectory().appendingPathComponent("new.sqlite").path
        let r = try CLI.run(["gaps", "--db", path, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("has no communes yet"))
        #expect(r.stderr.contains("readiness communes load"))
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("READINESS_DB chooses another database, which is not filled from the sample")
    func environmentDatabase() throws {
        let home = Fixtures.temporaryDirectory()
        let path = Fixtures.temporaryDirectory().appendingPathComponent("env.sqlite").path
        let r = try CLI.run(["gaps"], home: home, environment: ["READINESS_DB": path])
        #expect(r.status == 1)
        #expect(r.stderr.contains(path))
        #expect(!FileManager.default.fileExists(atPath: home.path + "/.local/share/readiness/readiness.sqlite"))
    }

    @Test("a --db in a folder that does not exist is an error, not a silent new folder")
    func missingFolder() throws {
        let r = try CLI.run(["gaps", "--db", "/nonexistent-folder/x.sqlite", "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("the folder /nonexistent-folder does not exist"))
    }

    @Test("a file that is not a database is an error with exit code 1")
    func notADatabase() throws {
        let file = Fixtures.write(String(repeating: "not sqlite ", count: 200), to: "x.sqlite", in: Fixtures.temporaryDirectory())
        let r = try CLI.run(["gaps", "--db", file.path, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("error:"))
    }

    @Test("a bad date is a usage error with exit code 1")
    func badDate() throws {
        let r = try CLI.run(["gaps", "--as-of", "2025-02-30", "--db", try Self.sampleDB()])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--as-of"))
    }

    @Test("a checklist with a mistake is never used: the report is refused with file:line")
    func badChecklistRefused() throws {
        let dir = Fixtures.temporaryDirectory()
        let file = Fixtures.write("""
            id: broken
            title: {vi: Hỏng, en: Broken}
            deadline: 2025-12-31
            rules:
              - {id: a, item: queue-machine, name: {vi: A, en: A}}
              - {id: b, item: kiosk, name: {vi: B, en: B}}

            """, to: "broken.yaml", in: dir)
        let r = try CLI.run(["gaps", "--checklist", file.path, "--db", try Self.sampleDB(), "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("broken.yaml:6:"))
        #expect(r.stderr.contains("unknown item \"kiosk\" (did you mean lookup-kiosk?)"))
    }

    @Test("an unknown checklist id lists the available ones")
    func unknownChecklist() throws {
        let r = try CLI.run(["gaps", "--checklist", "nope", "--db", try Self.sampleDB()])
        #expect(r.status == 1)
        #expect(r.stderr.contains("quang-ngai-commune-centre-2025"))
    }
}
