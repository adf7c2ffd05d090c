import Foundation
import ReadinessCore
import ReadinessInput
import Testing
import TestSupport

@Suite("Rows repeating a holding and day, and rows in the ledger's order")
struct RepeatedRowsTests {
    static func event(_ item: String = "vcs-terminal", working: Int = 1, broken: Int = 0,
                      attributes: [String: AttributeValue] = [:]) -> NewEvent {
        NewEvent(communeCode: "23344", item: item, effectiveOn: Fixtures.day("2025-12-01"), working: working, broken: broken,
                 attributes: attributes)
    }

    @Test("the first row of a holding and day is first; the same row again is the same, with where the first was")
    func same() {
        var rows = RepeatedRows()
        #expect(rows.check(key: 7, Self.event(), file: 0, line: 2) == .first)
        #expect(rows.check(key: 7, Self.event(), file: 1, line: 9)
                == .same(RepeatedRows.Earlier(file: 0, line: 2, working: 1, broken: 0)))
    }

    @Test("a row with other counts, or only other attributes, than the earlier row disagrees with it")
    func different() {
        var rows = RepeatedRows()
        _ = rows.check(key: 7, Self.event(attributes: ["meets_hnth": .bool(true)]), file: 0, line: 2)
        #expect(rows.check(key: 7, Self.event(attributes: ["meets_hnth": .bool(false)]), file: 0, line: 5)
                == .different(RepeatedRows.Earlier(file: 0, line: 2, working: 1, broken: 0)))
        #expect(rows.check(key: 7, Self.event(working: 100_000, broken: 3, attributes: ["meets_hnth": .bool(true)]), file: 0, line: 6)
                == .different(RepeatedRows.Earlier(file: 0, line: 2, working: 1, broken: 0)))
        #expect(rows.check(key: 7, Self.event(attributes: ["meets_hnth": .bool(true)]), file: 0, line: 7)
                == .same(RepeatedRows.Earlier(file: 0, line: 2, working: 1, broken: 0)))
    }

    @Test("later rows are compared with the first row of their holding and day, not the last")
    func comparedWithFirst() {
        var rows = RepeatedRows()
        _ = rows.check(key: 7, Self.event(working: 1), file: 0, line: 2)
        _ = rows.check(key: 7, Self.event(working: 2), file: 0, line: 3)
        #expect(rows.check(key: 7, Self.event(working: 2), file: 0, line: 4)
                == .different(RepeatedRows.Earlier(file: 0, line: 2, working: 1, broken: 0)))
    }

    /// A flat file of `communes` × 3 items × 2 days, by day first (not the ledger's order), padded with a
    /// note so that it passes `bytes`.
    static func flatFile(communes: [Commune], note: String = "") -> String {
        var lines = ["commune_code,item,working,broken,date,meets_hnth,note"]
        for day in ["2025-10-01", "2025-11-03"] {
            for (k, c) in communes.enumerated() {
                lines.append("\(c.code),queue-machine,\(k % 3),0,\(day),,\"\(note)\"")
                lines.append("\(c.code),vcs-terminal,1,\(k % 2),\(day),\(k % 2 == 0),\"\(note)\"")
                lines.append("\(c.code),official-pc,\(k % 7),0,\(day),,")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("a table read whole comes in the ledger's order, rows of one holding and day kept once")
    func wholeInOrder() throws {
        let directory = try sampleDirectory()
        let file = Self.flatFile(communes: Array(directory.communes.prefix(10)))
        let text = file + file.split(separator: "\n")[1] + "\n"   // the first row again
        let events = try LedgerCSV.parse(text, file: "f.csv", catalog: Fixtures.catalog(), communes: directory,
                                         options: .init(latest: Fixtures.day("2026-01-01")))
        #expect(events.count == 60)
        #expect(!events.indices.dropFirst().contains { LedgerOrder.precedes(events[$0], events[$0 - 1]) })
    }

    @Test("a large flat file read in two halves gives the same events as read from start to end")
    func halves() throws {
        let directory = try sampleDirectory()
        // 96 communes × 3 items × 2 days = 576 rows of about 6 kB: past the size read in halves.
        let text = Self.flatFile(communes: directory.communes, note: String(repeating: "ghi chú, ", count: 600))
        #expect(text.utf8.count > 1 << 21)
        let options = LedgerCSV.Options(latest: Fixtures.day("2026-01-01"))
        var inHalves: [NewEvent] = []
        _ = try LedgerFile.read(Data(text.utf8), file: "f.csv", catalog: Fixtures.catalog(), communes: directory,
                                options: options, runLength: nil) { inHalves = $0.events }
        let whole = try LedgerCSV.parse(text, file: "f.csv", catalog: Fixtures.catalog(), communes: directory, options: options)
        #expect(inHalves.count == 576)
        #expect(inHalves == whole)
    }

    @Test("a problem in the second half of a large file is reported on its line, as reading it from the start would")
    func problemInSecondHalf() throws {
        let directory = try sampleDirectory()
        let text = Self.flatFile(communes: directory.communes, note: String(repeating: "ghi chú, ", count: 600))
            + "21211,queue-machine,-2,0,2025-11-03,,\n"
        let catalog = try Fixtures.catalog()
        do throws(InputProblems) {
            _ = try LedgerFile.read(Data(text.utf8), file: "f.csv", catalog: catalog, communes: directory,
                                    options: .init(latest: Fixtures.day("2026-01-01")), runLength: nil) { _ in }
            Issue.record("the negative count was not refused")
        } catch {
            #expect(error.issues.map(\.line) == [578])
        }
    }

    @Test("a quoted field without quotes inside reads the same, in place, as the record reader gives it")
    func quotedInPlace() throws {
        let text = "a,\"b, c\",d\n\"\",x,\"y\"\"z\"\n\"multi\nline\",2,3\n"
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { buffer in
            var scanner = try CSVScanner(buffer)
            var fields: [Range<Int>] = []
            let first = scanner.nextFields(&fields)
            #expect(first?.quoted == false)
            #expect(fields.map { String(decoding: buffer[$0], as: UTF8.self) } == ["a", "b, c", "d"])
            // A doubled quote, and a line break inside quotes, are left to the record reader.
            let second = scanner.nextFields(&fields)
            #expect(second?.quoted == true)
            let record = try scanner.next()
            #expect(record?.fields == ["", "x", "y\"z"])
            let third = scanner.nextFields(&fields)
            #expect(third?.quoted == true)
            let last = try scanner.next()
            #expect(last?.fields == ["multi\nline", "2", "3"])
        }
    }
}
