import Foundation
import Testing
import ReadinessCore
import ReadinessInput
import TestSupport

/// Rows of a large flat CSV file are read on their bytes when they are plain (see LedgerCSV.FastRows):
/// whatever the rows say, that must give exactly what checking every row the ordinary way gives.
@Suite struct PlainRowsTests {
    /// Every row checked the ordinary way (records already split), as the result or its problems.
    func ordinary(_ text: String, _ catalog: Catalog, _ communes: CommuneDirectory, _ options: LedgerCSV.Options) -> [String] {
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

    @Test("random rows, right and wrong, give the same events or the same problems either way")
    func sameEitherWay() throws {
        let catalog = try Fixtures.catalog()
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
        let boolCells = ["", "", "true", "false", "có", "x", "maybe"]
        let intCells = ["", "", "100", "200", "1e3", "-5"]
        let expiryCells = ["", "", "2027-01-13", "13/01/2027", "soon"]
        let options = LedgerCSV.Options(latest: Fixtures.day("2026-01-01"), defaultSource: "import f.csv", defaultRecordedBy: "tester")
        for round in 0..<40 {
            var lines = ["commune_code,item,working,broken,date,meets_hnth,bandwidth_mbps,expires_on" + (round % 4 == 0 ? ",note" : "")]
            for _ in 0..<(60 + round) {
                let wrong = round % 3 != 0   // a third of the files hold only good rows
                let commune = wrong ? pick(communeCells) : pick(codes)
                let item = wrong ? pick(itemCells) : pick(Array(itemCells.prefix(5)))
                var cells = [commune, item, wrong ? pick(countCells) : pick(Array(countCells.prefix(5))),
                             wrong ? pick(countCells) : pick(Array(countCells.prefix(3))),
                             wrong ? pick(dateCells) : pick(Array(dateCells.prefix(3)))]
                cells += item == "vcs-terminal" || wrong ? [pick(boolCells)] : [""]
                cells += item == "data-network-link" || wrong ? [pick(intCells)] : [""]
                cells += item == "digital-signature" || wrong ? [pick(expiryCells)] : [""]
                if round % 4 == 0 { cells.append(pick(["", "", "đã kiểm tra"])) }
                lines.append(cells.joined(separator: ","))
            }
            // Repeats of earlier rows, the same or changed.
            lines.append(lines[45]); lines.append(lines[50].replacingOccurrences(of: ",0,", with: ",5,"))
            let text = lines.joined(separator: round % 2 == 0 ? "\n" : "\r\n") + "\n"
            let a = ordinary(text, catalog, communes, options), b = asImported(text, catalog, communes, options)
            #expect(a == b, "round \(round)")
            if round % 3 == 0 { #expect(!a.isEmpty && !a[0].contains("problem"), "round \(round) should hold good rows only: \(a.prefix(2))") }
        }
    }
}
