import Foundation
import Testing
import ReadinessCore
import ReadinessInput
import TestSupport

/// The rows of a flat CSV file are checked where they lie in its text, a sheet's rows (and a CSV record
/// with a quoted field) as records; a cell in the plain form an exchange file writes is read from its
/// bytes, any other from its text. Whatever the rows say, each way must give the same events or problems.
@Suite struct PlainRowsTests {
    /// Every row checked as a record (as the rows of a sheet are), as the events or the problems.
    func asRecords(_ text: String, _ catalog: Catalog, _ communes: CommuneDirectory, _ options: LedgerCSV.Options) -> [String] {
        do {
            let records = try CSV.parse(text)
            return try LedgerCSV.parse(records: records, file: "f.csv", catalog: catalog, communes: communes, options: options)
                .map { "\($0)" }
        } catch let problems as InputProblems {
            return problems.issues.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    /// The same file read as `import` reads it: the first records split, the rest checked as read.
    func asImported(_ text: String, _ catalog: Catalog, _ communes: CommuneDirectory, _ options: LedgerCSV.Options) -> [String] {
        do {
            return try LedgerFile.read(Data(text.utf8), file: "f.csv", catalog: catalog, communes: communes, options: options)
                .events.map { "\($0)" }
        } catch {
            return error.issues.map(\.description)
        }
    }

    /// Random flat files of rows right and wrong (`isGood`: good rows only), with repeated rows, each as
    /// its lines: the header first.
    static func randomFiles() throws -> [[String]] {
        let communes = CommuneDirectory(try Fixtures.sampleStore().communes())
        let codes = communes.communes.prefix(30).map(\.code)
        var seed: UInt64 = 20251212
        func pick<T>(_ xs: [T]) -> T {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return xs[Int(seed >> 33) % xs.count]
        }
        let communeCells = codes + ["99999", " \(codes[0])", "Xa Dak Plo", "", "0\(codes[1])", String(Int(codes[2])!), "12a"]
        let itemCells = ["vcs-terminal", "data-network-link", "digital-signature", "official-pc", "queue-machine",
                         "vcs-termnal", " official-pc", ""]
        let countCells = ["0", "1", "3", "12", "007", "-1", "1.5", "2,0", "", " 2", "x", "1234567890"]
        let dateCells = ["2025-09-15", "2025-12-12", "2025-07-01", "15/09/2025", "2025-13-01", "", "45915", "2027-01-01", "2025-9-15"]
        // (The good cells of each kind first.)
        let boolCells = ["", "", "true", "false", "có", "x", "maybe"]
        let intCells = ["", "", "100", "200", "1e3", "-5"]
        let expiryCells = ["", "", "2027-01-13", "13/01/2027", "soon"]
        return (0..<40).map { round in
            var lines = ["commune_code,item,working,broken,date,meets_hnth,bandwidth_mbps,expires_on" + (round % 4 == 0 ? ",note" : "")]
            let wrong = !isGood(round)
            func cell(_ cells: [String], good: Int) -> String { wrong ? pick(cells) : pick(Array(cells.prefix(good))) }
            var holdingDays: Set<[String]> = []   // (a good file holds one row per holding and day)
            while lines.count <= 60 + round {
                let item = cell(itemCells, good: 5)
                var cells = [wrong ? pick(communeCells) : pick(codes), item, cell(countCells, good: 5), cell(countCells, good: 3),
                             cell(dateCells, good: 3)]
                if !wrong && !holdingDays.insert([cells[0], item, cells[4]]).inserted { continue }
                cells += item == "vcs-terminal" || wrong ? [cell(boolCells, good: 4)] : [""]
                cells += item == "data-network-link" || wrong ? [cell(intCells, good: 4)] : [""]
                cells += item == "digital-signature" || wrong ? [cell(expiryCells, good: 4)] : [""]
                if round % 4 == 0 { cells.append(pick(["", "", "đã kiểm tra"])) }
                lines.append(cells.joined(separator: ","))
            }
            // Repeats of earlier rows: the same, and (in a file with wrong rows) changed.
            lines.append(lines[45])
            if wrong { lines.append(lines[50].replacingOccurrences(of: ",0,", with: ",5,")) }
            return lines
        }
    }

    /// A third of the files hold good rows only.
    static func isGood(_ round: Int) -> Bool { round % 3 == 0 }

    static func text(_ lines: [String], round: Int) -> String { lines.joined(separator: round % 2 == 0 ? "\n" : "\r\n") + "\n" }

    static let options = LedgerCSV.Options(latest: Fixtures.day("2026-01-01"), defaultSource: "import f.csv", defaultRecordedBy: "tester")

    @Test("random rows, right and wrong, give the same events or the same problems as records or read in place")
    func sameEitherWay() throws {
        let catalog = try Fixtures.catalog()
        let communes = CommuneDirectory(try Fixtures.sampleStore().communes())
        for (round, lines) in try Self.randomFiles().enumerated() {
            let text = Self.text(lines, round: round)
            let a = asRecords(text, catalog, communes, Self.options), b = asImported(text, catalog, communes, Self.options)
            #expect(a == b, "round \(round)")
            if Self.isGood(round) {
                #expect(!a.isEmpty && a.allSatisfy { $0.hasPrefix("NewEvent(") }, "round \(round) should hold good rows only: \(a.prefix(2))")
            }
        }
    }

    /// A cell with spaces around it is never in the plain form read from its bytes: it is read from its
    /// text. Both must give the same.
    @Test("random rows read the same with every cell padded with spaces, right and wrong")
    func paddedCellsReadTheSame() throws {
        let catalog = try Fixtures.catalog()
        let communes = CommuneDirectory(try Fixtures.sampleStore().communes())
        for (round, lines) in try Self.randomFiles().enumerated() {
            let padded = [lines[0]] + lines.dropFirst().map { line in
                line.split(separator: ",", omittingEmptySubsequences: false).map { " \($0)\u{A0}" }.joined(separator: ",")
            }
            let plain = asImported(Self.text(lines, round: round), catalog, communes, Self.options)
            #expect(plain == asImported(Self.text(padded, round: round), catalog, communes, Self.options), "round \(round)")
        }
    }
}
