import Foundation
import ReadinessCore

/// A report as one self-contained HTML page: no network, no external fonts or scripts, charts as inline SVG,
/// laid out for the screen and for printing on A4. The markup is well-formed XML (XHTML) so that any XML
/// tool can read it.
public struct HTMLReport {
    public var document: ReportDocument

    public init(_ document: ReportDocument) { self.document = document }

    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    static let style = """
        @page { size: A4; margin: 14mm 12mm 14mm 16mm; }
        body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 12pt; color: #111;
               max-width: 190mm; margin: 0 auto; padding: 8px; line-height: 1.35; }
        h1 { font-size: 15pt; text-align: center; text-transform: uppercase; margin: 0.2em 0 0.4em; }
        .subtitle { text-align: center; font-style: italic; margin: 0.1em 0; }
        h2 { font-size: 13pt; margin: 1.2em 0 0.4em; page-break-after: avoid; break-after: avoid; }
        table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; font-size: 10.5pt; }
        th, td { border: 1px solid #555; padding: 3px 5px; vertical-align: top; }
        th { background: #e8eef7; }
        thead { display: table-header-group; }
        tr { page-break-inside: avoid; break-inside: avoid; }
        td.num { text-align: right; white-space: nowrap; }
        td.nw { white-space: nowrap; }
        td.good { color: #1b5e20; } td.bad { color: #b71c1c; font-weight: bold; } td.warning { color: #bf360c; font-weight: bold; }
        figure { margin: 0.6em 0 1em; page-break-inside: avoid; break-inside: avoid; }
        figcaption { font-weight: bold; font-size: 11pt; margin-bottom: 0.2em; }
        svg { max-width: 100%; height: auto; font-family: "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
        p.list { text-align: justify; }
        footer { margin-top: 2em; font-size: 9.5pt; color: #444; border-top: 1px solid #999; padding-top: 0.3em; }
        @media print { body { max-width: none; padding: 0; } }
        """

    /// Page numbers in the bottom margin of every printed page ("Trang 2/5"), in the document's language.
    static func pageNumbers(_ language: Language) -> String {
        let content = "\"" + Phrase("Page \("\" counter(page) \"") of \("\" counter(pages) \"")").text(language) + "\""
        return "@page { @bottom-center { content: \(content); font-family: \"Times New Roman\", \"Liberation Serif\", serif; font-size: 10pt; } }"
    }

    /// The administrative form's layout (Nghị định 30/2020/NĐ-CP): A4 with margins of 20 mm top and bottom,
    /// 30 mm left and 15 mm right, Times New Roman (Liberation Serif has its metrics) at 13 pt, the heading
    /// of issuing body and national motto, annexes centred, signature blocks and "Nơi nhận".
    static let officialStyle = """
        @page { size: A4; margin: 20mm 15mm 20mm 30mm; }
        body { font-size: 13pt; max-width: 165mm; line-height: 1.3; color: #000; }
        table.heading, table.signatures { width: 100%; border: none; margin: 0 0 5mm; font-size: 13pt; }
        table.heading td, table.signatures td { border: none; text-align: center; vertical-align: top; padding: 0 2mm; }
        td.issuer { width: 42%; } .nation { font-weight: bold; font-size: 12.5pt; } .motto { font-weight: bold; font-size: 13.5pt; }
        .body { font-weight: bold; } .rule { width: 32mm; border-top: 1px solid #000; margin: 1mm auto 2mm; }
        .motto + .rule { width: 58mm; } .number { white-space: pre; }
        .place { font-style: italic; text-align: right; margin: 2mm 0 6mm; }
        h1 { font-size: 14pt; margin-top: 4mm; }
        section.annex + section.annex { break-before: page; page-break-before: always; }
        .annex-no { font-weight: bold; text-align: center; margin: 3mm 0 0; }
        h2.annex-title { text-align: center; text-transform: uppercase; font-size: 13pt; margin: 1mm 0 0; }
        .annex-ref { text-align: center; font-style: italic; margin: 0 0 3mm; }
        table { font-size: 11pt; }
        .signing { break-inside: avoid; page-break-inside: avoid; margin-top: 8mm; }
        table.signatures strong { display: block; }
        .sign-note { font-style: italic; font-size: 12pt; } .sign-space { height: 20mm; }
        .recipients { font-size: 11pt; line-height: 1.25; } .recipients .label { font-weight: bold; font-style: italic; font-size: 12pt; }
        footer { display: none; }
        @media print { body { max-width: none; } }
        """

    public func render() -> String {
        let d = document
        let style = Self.style + (d.form == nil ? "" : "\n" + Self.officialStyle)
        var out = [
            "<!DOCTYPE html>",
            "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"\(d.language.rawValue)\">",
            "<head>",
            "<meta charset=\"utf-8\"/>",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>",
            "<title>\(Self.escape(d.title))</title>",
            "<style>\n\(style)\n\(Self.pageNumbers(d.language))\n</style>",
            "</head>",
            "<body>",
            "<main>",
        ]
        if let form = d.form { out += heading(form) }
        out.append("<h1>\(Self.escape(d.title))</h1>")
        out += d.subtitle.map { "<p class=\"subtitle\">\(Self.escape($0))</p>" }
        for (i, section) in d.sections.filter({ $0.shown(in: .html) }).enumerated() {
            if let form = d.form {
                let t = { (p: Phrase) in Self.escape(p.text(d.language)) }
                let number = String(format: "%02d", i + 1)
                out.append("<section class=\"annex\">")
                out.append("<p class=\"annex-no\">\(t("Annex \(number)"))</p>")
                out.append("<h2 class=\"annex-title\">\(Self.escape(section.title))</h2>")
                out.append("<p class=\"annex-ref\">\(t("(Attached to report \(Self.documentNumber(form)))"))</p>")
            } else {
                out.append("<section>")
                out.append("<h2>\(Self.escape(section.title))</h2>")
            }
            for block in section.blocks {
                switch block {
                case .paragraph(let p): out.append("<p>\(Self.escape(p))</p>")
                case .list(let heading, let names) where ReportBlock.entriesAreLong(names):
                    out.append("<p><strong>\(Self.escape(heading))</strong></p>")
                    out.append("<ul>" + names.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>")
                case .list(let heading, let names):
                    out.append("<p class=\"list\"><strong>\(Self.escape(heading))</strong> \(Self.escape(names.joined(separator: ", ")))</p>")
                case .table(let t): out.append(table(t))
                case .chart(let c): out.append(SVGChart(c).render())
                case .figure(let svg, let caption):
                    // The drawing is named by its caption for those who cannot see it.
                    let named = svg.contains("aria-label=") ? svg
                        : svg.replacingOccurrences(of: "<svg ", with: "<svg aria-label=\"\(Self.escape(caption))\" ", options: [], range: svg.range(of: "<svg "))
                    out.append("<figure>\(named)<figcaption>\(Self.escape(caption))</figcaption></figure>")
                }
            }
            out.append("</section>")
        }
        if let form = d.form { out += signing(form) }
        let note = Phrase("Produced with the readiness tool from the equipment ledger.").text(d.language)
        out += ["</main>", "<footer>\(Self.escape(note))</footer>", "</body>", "</html>"]
        return out.joined(separator: "\n") + "\n"
    }

    /// "……/BC-SKHCN": the form's number line without its "Số:" label, a space left for the number.
    static func documentNumber(_ form: OfficialForm) -> String {
        var n = form.number.trimmingCharacters(in: .whitespaces)
        for label in ["Số:", "Số", "No.:", "No."] where n.hasPrefix(label) {
            n = String(n.dropFirst(label.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        // The number itself is written in when the document is registered.
        return n.hasPrefix("/") ? "……" + n : n
    }

    /// The issuing body on the left, the national motto on the right, then place and date.
    func heading(_ form: OfficialForm) -> [String] {
        let lang = document.language
        func t(_ p: Phrase) -> String { Self.escape(p.text(lang)) }
        let dots = "……"
        return [
            "<table class=\"heading\"><tr>",
            "<td class=\"issuer\">" + (form.parent.isEmpty ? "" : "<div>\(Self.escape(form.parent))</div>")
                + "<div class=\"body\">\(Self.escape(form.body))</div><div class=\"rule\"></div><div class=\"number\">\(Self.escape(form.number))</div></td>",
            "<td><div class=\"nation\">\(t("SOCIALIST REPUBLIC OF VIET NAM"))</div><div class=\"motto\">\(t("Independence - Freedom - Happiness"))</div>"
                + "<div class=\"rule\"></div></td>",
            "</tr></table>",
            "<p class=\"place\">\(t("\(form.place), day \(dots) month \(dots) year \(dots)"))</p>",
        ]
    }

    /// The signature blocks side by side, then "Nơi nhận".
    func signing(_ form: OfficialForm) -> [String] {
        let lang = document.language
        func t(_ p: Phrase) -> String { Self.escape(p.text(lang)) }
        var out = ["<div class=\"signing\">", "<table class=\"signatures\"><tr>"]
        for s in form.signers {
            out.append("<td><strong>\(Self.escape(s.title))</strong>" + (s.capacity.isEmpty ? "" : "<strong>\(Self.escape(s.capacity))</strong>")
                       + "<div class=\"sign-note\">\(t("(Signature, full name)"))</div><div class=\"sign-space\"></div>"
                       + "<strong>\(Self.escape(s.name))</strong></td>")
        }
        out.append("</tr></table>")
        if !form.recipients.isEmpty {
            out.append("<div class=\"recipients\"><div class=\"label\">\(t("Recipients:"))</div>"
                       + form.recipients.map { "<div>- \(Self.escape($0))</div>" }.joined() + "</div>")
        }
        out.append("</div>")
        return out
    }

    func table(_ t: ReportTable) -> String {
        // Columns share the page's width as they share a spreadsheet's (a rule's wording is not squeezed by a
        // long list of names beside it).
        let total = max(1, t.columns.reduce(0) { $0 + $1.sheetWidth })
        let colgroup = "<colgroup>" + t.columns.map { "<col style=\"width:\(String(format: "%.1f", $0.sheetWidth / total * 100))%\"/>" }.joined()
            + "</colgroup>"
        var out = ["<table>", colgroup, "<thead><tr>" + t.columns.map { $0.title.isEmpty ? "<td></td>" : "<th>\(Self.escape($0.title))</th>" }.joined() + "</tr></thead>",
                   "<tbody>"]
        for row in t.rows {
            let cells = row.enumerated().map { i, cell -> String in
                var classes: [String] = []
                let text = cell.text(document.language)
                if cell.isNumber || (i < t.columns.count && t.columns[i].numeric) { classes.append("num") }
                else if text.count <= 12, !text.contains(" ") { classes.append("nw") }   // a date or a code stays on one line
                if let tone = cell.tone { classes.append(tone.rawValue) }
                let attr = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
                return "<td\(attr)>\(Self.escape(text))</td>"
            }
            out.append("<tr>" + cells.joined() + "</tr>")
        }
        out.append("</tbody></table>")
        return out.joined(separator: "\n")
    }
}

/// A chart as inline SVG, sized in user units so it scales to the page.
struct SVGChart {
    var chart: ReportChart
    init(_ chart: ReportChart) { self.chart = chart }

    static func color(_ tone: ReportTone?) -> String {
        switch tone {
        case .good: "#2e7d32"
        case .bad: "#c62828"
        case .warning: "#ef6c00"
        case nil: "#1f5fa8"
        }
    }

    static func number(_ x: Double) -> String { String(format: "%.1f", x) }

    func render() -> String {
        let body: (width: Double, height: Double, svg: [String])
        switch chart.kind {
        case .bars, .change: body = horizontal()
        case .columns: body = vertical()
        }
        var out = ["<figure>", "<figcaption>\(HTMLReport.escape(chart.title))</figcaption>",
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(Self.number(body.width)) \(Self.number(body.height))\" width=\"\(Self.number(body.width))\" height=\"\(Self.number(body.height))\">",
                   "<title>\(HTMLReport.escape(chart.title))</title>"]
        out += body.svg
        out.append("</svg>")
        if !chart.legend.isEmpty {
            let swatches = chart.kind == .change ? ["#9e9e9e", Self.color(nil)] : []
            let items = chart.legend.enumerated().map { i, text in
                (i < swatches.count ? "<span style=\"color:\(swatches[i])\">■</span> " : "") + HTMLReport.escape(text)
            }
            out.append("<div style=\"font-size:10pt\">" + items.joined(separator: " &#160; ") + "</div>")
        }
        out.append("</figure>")
        return out.joined(separator: "\n")
    }

    func label(_ s: String, max: Int) -> String { s.count > max ? String(s.prefix(max - 1)) + "…" : s }

    func horizontal() -> (width: Double, height: Double, svg: [String]) {
        let labelW = 300.0, barW = 290.0, captionW = 90.0, rowH = chart.kind == .change ? 26.0 : 20.0
        let width = labelW + barW + captionW
        var svg: [String] = []
        let scale = chart.maximum > 0 ? barW / chart.maximum : 0
        for (i, bar) in chart.bars.enumerated() {
            let y = Double(i) * rowH + 4
            svg.append("<text x=\"\(Self.number(labelW - 6))\" y=\"\(Self.number(y + rowH / 2 + 1))\" font-size=\"11\" text-anchor=\"end\">\(HTMLReport.escape(label(bar.label, max: 52)))</text>")
            svg.append("<rect x=\"\(Self.number(labelW))\" y=\"\(Self.number(y + 2))\" width=\"\(Self.number(barW))\" height=\"\(Self.number(rowH - 6))\" fill=\"#f0f0f0\"/>")
            if let before = bar.before {
                svg.append("<rect x=\"\(Self.number(labelW))\" y=\"\(Self.number(y + 2))\" width=\"\(Self.number(max(0, before * scale)))\" height=\"\(Self.number((rowH - 6) / 2))\" fill=\"#9e9e9e\"/>")
                svg.append("<rect x=\"\(Self.number(labelW))\" y=\"\(Self.number(y + 2 + (rowH - 6) / 2))\" width=\"\(Self.number(max(0, bar.value * scale)))\" height=\"\(Self.number((rowH - 6) / 2))\" fill=\"\(Self.color(bar.tone))\"/>")
            } else {
                svg.append("<rect x=\"\(Self.number(labelW))\" y=\"\(Self.number(y + 2))\" width=\"\(Self.number(max(0, bar.value * scale)))\" height=\"\(Self.number(rowH - 6))\" fill=\"\(Self.color(bar.tone))\"/>")
            }
            svg.append("<text x=\"\(Self.number(labelW + barW + 6))\" y=\"\(Self.number(y + rowH / 2 + 1))\" font-size=\"11\">\(HTMLReport.escape(bar.caption))</text>")
        }
        return (width, Double(chart.bars.count) * rowH + 8, svg)
    }

    func vertical() -> (width: Double, height: Double, svg: [String]) {
        let n = Double(max(1, chart.bars.count)), width = 680.0, plotH = 160.0, top = 18.0, bottom = 34.0
        let slot = (width - 20) / n, barW = slot * 0.7
        let scale = chart.maximum > 0 ? plotH / chart.maximum : 0
        var svg = ["<line x1=\"10\" y1=\"\(Self.number(top + plotH))\" x2=\"\(Self.number(width - 10))\" y2=\"\(Self.number(top + plotH))\" stroke=\"#555555\"/>"]
        for (i, bar) in chart.bars.enumerated() {
            let x = 10 + Double(i) * slot + (slot - barW) / 2, h = max(0, bar.value * scale)
            svg.append("<rect x=\"\(Self.number(x))\" y=\"\(Self.number(top + plotH - h))\" width=\"\(Self.number(barW))\" height=\"\(Self.number(h))\" fill=\"\(Self.color(bar.tone))\"/>")
            svg.append("<text x=\"\(Self.number(x + barW / 2))\" y=\"\(Self.number(top + plotH - h - 4))\" font-size=\"11\" text-anchor=\"middle\">\(HTMLReport.escape(bar.caption))</text>")
            svg.append("<text x=\"\(Self.number(x + barW / 2))\" y=\"\(Self.number(top + plotH + 16))\" font-size=\"10\" text-anchor=\"middle\">\(HTMLReport.escape(label(bar.label, max: 14)))</text>")
        }
        return (width, top + plotH + bottom, svg)
    }
}
