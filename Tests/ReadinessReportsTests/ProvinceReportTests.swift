import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ReadinessCore
import ReadinessReports
import ReadinessStore
import TestSupport

/// The province report, progress and deadlines on the shipped sample, in every format, against golden
/// files (UPDATE_GOLDEN=1 rewrites them). Outputs depend on the sample and the dates only.
@Suite struct ProvinceReportTests {
    static let goldenDirectory = Golden.directory(beside: #filePath)
    /// The two report dates of the issue: as of 15/09/2025 since 25/08/2025, and as of 12/12/2025 since 15/09/2025.
    static let periods = [("2025-09-15", "2025-08-25"), ("2025-12-12", "2025-09-15")]
    static let textFormats: [ReportFormat] = [.table, .md, .csv, .json, .html]

    static func report(asOf: String, since: String?, store: InventoryDatabase, language: Language = .vi) throws -> ProvinceReport {
        let now = try Fixtures.evaluate(store, on: Fixtures.day(asOf))
        let progress = try since.map { try store.progress(from: try Fixtures.evaluate(store, on: Fixtures.day($0)), to: now) }
        return ProvinceReport(evaluation: now, progress: progress, splitBy: "former_province", catalog: try Fixtures.catalog(), language: language)
    }

    func checkGolden(_ rendered: RenderedReport, _ name: String) {
        let actual = rendered.text
        guard let expected = Golden.expected(actual, name: name, directory: Self.goldenDirectory) else {
            Issue.record("no golden file \(name): run the tests once with UPDATE_GOLDEN=1")
            return
        }
        #expect(actual == expected, "\(name) differs from its golden file (UPDATE_GOLDEN=1 rewrites it)")
    }

    @Test("the report reads the same as its golden file in every text format, at both report dates",
          arguments: periods)
    func reportGolden(asOf: String, since: String) throws {
        let store = try Fixtures.sampleStore()
        let report = try Self.report(asOf: asOf, since: since, store: store)
        for format in Self.textFormats {
            checkGolden(try report.render(format), "report-\(asOf)-since-\(since).\(format.fileExtension)")
        }
        checkGolden(try Self.report(asOf: asOf, since: since, store: store, language: .en).render(.md),
                    "report-\(asOf)-since-\(since).en.md")
    }

    @Test("progress and deadlines read the same as their golden files, at both report dates", arguments: periods)
    func progressAndDeadlinesGolden(asOf: String, since: String) throws {
        let store = try Fixtures.sampleStore()
        let now = try Fixtures.evaluate(store, on: Fixtures.day(asOf))
        let progress = ProgressReport(progress: try store.progress(from: try Fixtures.evaluate(store, on: Fixtures.day(since)), to: now))
        let history = try (1...8).map { try Fixtures.evaluate(store, on: Fixtures.day(asOf).adding(days: -7 * $0)) }
        let review = DeadlineReview(now: now, history: history, state: try store.state(asOf: Fixtures.day(asOf)), within: 30)
        let deadlines = DeadlineReport(review: review, checklist: try Fixtures.checklist(), catalog: try Fixtures.catalog())
        for format in Self.textFormats {
            checkGolden(try progress.render(format), "progress-\(since)-to-\(asOf).\(format.fileExtension)")
            checkGolden(try deadlines.render(format), "deadlines-\(asOf).\(format.fileExtension)")
        }
    }

    @Test("gaps and the commune card read the same as their golden files in every text format", arguments: ["2025-09-15", "2025-12-12"])
    func gapsAndCommuneGolden(asOf: String) throws {
        let store = try Fixtures.sampleStore()
        let e = try Fixtures.evaluate(store, on: Fixtures.day(asOf))
        let plo = try #require(e.result(for: "23344"))
        let card = CommuneCard(result: plo, asOf: e.asOf, catalog: try Fixtures.catalog(),
                               holdings: try store.state(asOf: e.asOf).holdings(commune: "23344"), language: .vi)
        for format in Self.textFormats {
            checkGolden(try GapReport(evaluation: e, names: 8).render(format), "gaps-\(asOf).\(format.fileExtension)")
            if format != .csv { checkGolden(try card.render(format), "commune-23344-\(asOf).\(format.fileExtension)") }
        }
    }

    @Test("as of 12/12/2025 the report classes 69/27/0, split 46/10/0 in former Quảng Ngãi and 23/17/0 in former Kon Tum")
    func classificationCounts() throws {
        let report = try Self.report(asOf: "2025-12-12", since: nil, store: try Fixtures.sampleStore())
        #expect(report.evaluation.classCounts == [.fullyMet: 69, .partlyMet: 27, .notMet: 0])
        let split = report.evaluation.classSplit(by: "former_province")
        #expect(split.map(\.value) == ["Quảng Ngãi", "Kon Tum"])
        #expect(split.map { g in ReadinessClass.allCases.map { g.counts[$0] ?? 0 } } == [[46, 10, 0], [23, 17, 0]])
        #expect(try report.render(.md).text.contains("| Quảng Ngãi cũ | 56 | 46 | 10 | 0 |"))
    }

    @Test("the HTML report is well-formed XML, self-contained, and holds the three SVG charts")
    func htmlIsWellFormedWithCharts() throws {
        let html = try Self.report(asOf: "2025-12-12", since: "2025-09-15", store: try Fixtures.sampleStore()).render(.html).text
        let parser = XMLParser(data: Data(html.utf8))
        let collector = ElementCounter()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        #expect(collector.counts["svg"] == 3)
        #expect((collector.counts["rect"] ?? 0) > 30)
        #expect(collector.counts["table"] == 3)
        // Nothing fetched from the network: no scripts, stylesheets or addresses but the XML namespaces.
        #expect(!html.replacingOccurrences(of: "http://www.w3.org/", with: "").contains("http"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("42 → 9"))
    }

    @Test("the .xlsx reads back with a summary, a sheet per rule and a frozen, filtered matrix")
    func xlsxReadsBack() throws {
        let path = Fixtures.temporaryDirectory().appendingPathComponent("report.xlsx").path
        let xlsx = try Self.report(asOf: "2025-12-12", since: "2025-09-15", store: try Fixtures.sampleStore()).render(.xlsx)
        try Data(xlsx.bytes).write(to: URL(fileURLWithPath: path))
        let book = try XlsxReadBack(path: path)
        #expect(book.sheetNames.count == 13)
        #expect(book.sheetNames.first == "Tổng hợp")
        #expect(book.sheetNames.contains("3. Máy lấy số xếp hàng tự động"))
        #expect(book.sheetNames.last == "Ma trận")

        let summary = try book.cells("Tổng hợp")
        #expect(summary.values.contains("9/96 địa phương chưa có Máy lấy số xếp hàng tự động"))
        #expect(summary.values.contains("20/96 địa phương chưa có Thiết bị đầu cuối (VCS) đáp ứng yêu cầu HNTH"))

        let queue = try book.cells("3. Máy lấy số xếp hàng tự động")
        #expect(queue["A2"] == "Mã")
        #expect(queue["B3"] == "Xã Nghĩa Giang")
        #expect(queue.keys.filter { $0.hasPrefix("A") }.count == 1 + 1 + 9)   // section title, header, nine communes

        // Native charts over the summary's and progress sheet's rows: coverage, index distribution, progress.
        let chartTitles = try (1...3).map { try book.member("xl/charts/chart\($0).xml") }
        #expect(chartTitles[0].contains("'Tổng hợp'!$I$"))   // the numbers, right of the printed columns
        #expect(chartTitles.contains { $0.contains("<a:t>Phân bố chỉ số sẵn sàng (số địa phương)</a:t>") })

        let matrixXML = try book.sheetXML("Ma trận")
        #expect(matrixXML.contains(#"state="frozen""#))
        #expect(matrixXML.contains("<autoFilter"))
        let matrix = try book.cells("Ma trận")
        #expect(matrix["B2"] == "Địa phương")
        let plo = try #require(matrix.first { $0.value == "Xã Đăk Plô" })
        let row = plo.key.drop { $0.isLetter }
        #expect(matrix["G\(row)"] == "thiếu 1")   // the VCS column: the terminal does not meet HNTH
    }
}

/// Counts the elements of an XML document by name.
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
    }
}
