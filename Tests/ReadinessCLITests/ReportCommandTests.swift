import Foundation
import Testing
import TestSupport

/// `readiness report`, `progress` and `deadlines` as a user runs them: the real binary, a real database.
@Suite struct ReportCommandTests {
    /// A database with the shipped sample, in a fresh folder.
    static func sampleDatabase() throws -> (dir: URL, db: String) {
        let dir = Fixtures.temporaryDirectory()
        let db = dir.appendingPathComponent("r.sqlite").path
        let r = try CLI.run(["sample", "load", "--db", db])
        #expect(r.status == 0)
        return (dir, db)
    }

    @Test("report --out report.html writes one self-contained page with the gap lines, progress and classes")
    func reportToHTML() throws {
        let (dir, db) = try Self.sampleDatabase()
        let out = dir.appendingPathComponent("report.html").path
        let r = try CLI.run(["report", "--db", db, "--as-of", "2025-12-12", "--since", "2025-09-15", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("9/96 địa phương chưa có Máy lấy số xếp hàng tự động"))
        #expect(html.contains("42 → 9"))
        #expect(html.contains("Kon Tum cũ"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 3)
    }

    @Test("report --out report.xlsx writes a workbook that reads back")
    func reportToXlsx() throws {
        let (dir, db) = try Self.sampleDatabase()
        let out = dir.appendingPathComponent("report.xlsx").path
        let r = try CLI.run(["report", "--db", db, "--as-of", "2025-09-15", "--out", out, "--lang", "en"])
        #expect(r.status == 0, "\(r.stderr)")
        let book = try XlsxReadBack(path: out)
        #expect(book.sheetNames.first == "Summary")
        #expect(try book.cells("Summary").values.contains("42/96 communes without a queue-number machine"))
    }

    @Test("an --out name that does not say the format is refused with exit 1 and nothing written")
    func unknownExtensionRefused() throws {
        let (dir, db) = try Self.sampleDatabase()
        let out = dir.appendingPathComponent("report.docx").path
        let r = try CLI.run(["report", "--db", db, "--as-of", "2025-12-12", "--out", out, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("end it in .html, .xlsx, .pdf, .md, .csv or .json"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("--out into a folder that does not exist is refused with exit 1, saying which folder")
    func missingFolderRefused() throws {
        let (dir, db) = try Self.sampleDatabase()
        let out = dir.appendingPathComponent("nowhere/report.xlsx").path
        let r = try CLI.run(["report", "--db", db, "--as-of", "2025-12-12", "--out", out, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: --out \(out): the folder"))
        #expect(r.stderr.contains("does not exist"))
    }

    @Test("--by with an attribute no commune has is refused, listing the attributes there are")
    func unknownSplitAttribute() throws {
        let (_, db) = try Self.sampleDatabase()
        let r = try CLI.run(["report", "--db", db, "--as-of", "2025-12-12", "--by", "district", "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--by district: no commune has that attribute"))
        #expect(r.stderr.contains("former_province"))
    }

    @Test("--since on or after the report date is refused before any work")
    func sinceAfterAsOf() throws {
        let (_, db) = try Self.sampleDatabase()
        let r = try CLI.run(["report", "--db", db, "--as-of", "2025-09-15", "--since", "2025-12-12", "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--since 2025-12-12 must be before the report date 2025-09-15"))
    }

    @Test("gaps --format csv starts with a byte-order mark so Excel reads Vietnamese")
    func csvHasBOM() throws {
        let (_, db) = try Self.sampleDatabase()
        let r = try CLI.run(["gaps", "--db", db, "--as-of", "2025-09-15", "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stdout.unicodeScalars.first == "\u{FEFF}")
    }

    @Test("progress names who became met with the event that did it")
    func progressNamesEvents() throws {
        let (_, db) = try Self.sampleDatabase()
        let r = try CLI.run(["progress", "--db", db, "--from", "2025-09-15", "--to", "2025-12-12"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Máy lấy số xếp hàng tự động: 42 → 9"))
        #expect(r.stdout.contains("Đã khắc phục (33):"))
        #expect(r.stdout.contains("Phường Trương Quang Trọng (21172) — 01/10/2025 (hoạt động 1, hỏng 0): bàn giao thiết bị mới"))
    }

    @Test("deadlines as of 12/12/2025 puts the VCS terminals at risk and nothing overdue")
    func deadlinesStates() throws {
        let (_, db) = try Self.sampleDatabase()
        let r = try CLI.run(["deadlines", "--db", db, "--as-of", "2025-12-12", "--within", "30", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"state\": \"Có nguy cơ trễ hạn\""))
        let en = try CLI.run(["deadlines", "--db", db, "--as-of", "2025-12-12", "--lang", "en"])
        #expect(en.stdout.contains("Met by all 4 · Overdue 0 · At risk 4 · On track 2"))
    }

    @Test("--format xlsx without --out on a terminal is refused; piped to a file it is written",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func xlsxNeverToTerminal() throws {
        let (dir, db) = try Self.sampleDatabase()
        // script(1) gives the command a pseudo-terminal as its standard output.
        let command = "\(CLI.binary.path) gaps --db \(db) --as-of 2025-09-15 --format xlsx --lang en"
        let r = try CLI.run([], environment: [:], directory: dir, runner: ["/usr/bin/script", "-qec", command, "/dev/null"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("error: .xlsx is a binary file and would garble the terminal: give --out FILE.xlsx"))
        let piped = try CLI.run(["gaps", "--db", db, "--as-of", "2025-09-15", "--format", "xlsx"])
        #expect(piped.status == 0)
        #expect(piped.stdout.hasPrefix("PK"))
    }

    /// What poppler's tools say of a PDF: its text, its page count and its fonts.
    static func poppler(_ tool: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
        p.arguments = arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = Pipe()
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("--out gaps.pdf prints the gap list to an A4 PDF with searchable Vietnamese, embedded fonts and page numbers",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
                   && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")))
    func gapsAsPDF() throws {
        let (dir, db) = try Self.sampleDatabase()
        let out = dir.appendingPathComponent("gaps.pdf").path
        let r = try CLI.run(["gaps", "--db", db, "--as-of", "2025-09-15", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        // Words as the PDF holds them, lines joined (a table cell wraps).
        let text = try Self.poppler("pdftotext", [out, "-"]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("20/96 địa phương chưa có Thiết bị đầu cuối (VCS) đáp ứng yêu cầu HNTH"))
        #expect(text.contains("Trang 1/"))
        let info = try Self.poppler("pdfinfo", [out])
        #expect(info.contains("(A4)"))
        let fonts = try Self.poppler("pdffonts", [out]).split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty && fonts.allSatisfy { $0.contains(" yes yes ") })   // every font embedded, as a subset
    }

    @Test("a PDF is never written to a terminal, and the plan's PDF needs --out")
    func pdfNeedsAFile() throws {
        let (_, db) = try Self.sampleDatabase()
        let plan = try CLI.run(["plan", "--db", db, "--as-of", "2025-09-15", "--budget", "2e9", "--format", "pdf", "--lang", "en"])
        #expect(plan.status == 1)
        #expect(plan.stderr.contains("--format pdf writes a file: add --out FILE.pdf"))
    }

    @Test("--official lays the gap list out as an administrative document: motto, annex, signers, in the PDF's text",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
                   && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext")))
    func officialPDF() throws {
        let (dir, db) = try Self.sampleDatabase()
        let out = dir.appendingPathComponent("gaps-official.pdf").path
        let r = try CLI.run(["gaps", "--db", db, "--as-of", "2025-09-15", "--official", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try Self.poppler("pdftotext", [out, "-"]).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                         "Quảng Ngãi, ngày", "Phụ lục 01", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "Nơi nhận:", "20/96", "Trang 1/"] {
            #expect(text.contains(expected), "\(expected)")
        }
    }

    @Test("--official-form with a mistake is refused with its file:line and nothing written")
    func officialFormMistake() throws {
        let (dir, db) = try Self.sampleDatabase()
        let form = dir.appendingPathComponent("form.yaml")
        try "body: X\nnumber: \"Số: /BC\"\nplace: Y\nsigners: []\n".write(to: form, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("gaps.html").path
        let r = try CLI.run(["gaps", "--db", db, "--as-of", "2025-09-15", "--official-form", form.path, "--out", out, "--lang", "en"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("form.yaml:4:") && r.stderr.contains("0 signature blocks"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
