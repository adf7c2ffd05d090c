import ReadinessCore

/// A unit's history in words, one line per change, oldest first, each with its legal source:
/// "30/04/2026: reclassified from commune to ward, formerly Xã Long Thành (Nghị quyết 237/NQ-UBTVQH16 ngày 14/04/2026)".
public enum RegistryHistoryText {
    public static func lines(_ history: UnitHistory, language: Language) -> [String] {
        func t(_ p: Phrase) -> String { p.text(language) }
        func kind(_ type: CommuneType) -> String { t(Phrase(stringLiteral: type.english)) }
        func named(_ code: String) -> String { history.names[code].map { "\($0) (\(code))" } ?? code }
        let code = history.code
        var lines: [String] = []
        var done = Set<Int>()
        let changes = history.changes
        for (i, c) in changes.enumerated() where !done.contains(i) {
            done.insert(i)
            let date = Style.date(c.effective, language)
            let before = history.before(c.effective)
            var what: String
            if c.isProvinceChange {
                what = t("the province was renamed \(before?.provinceName ?? "") → \(c.name)")
            } else {
                switch c.kind {
                case .rename:
                    what = t("renamed, formerly \(before?.name ?? "")")
                case .reclassify:
                    what = t("reclassified from \(before.map { kind($0.type) } ?? "") to \(c.type.map(kind) ?? "")")
                    if let before, !c.name.isEmpty, c.name != before.name { what += t(", formerly \(before.name)") }
                case .move:
                    what = t("moved from \(before?.provinceName ?? "") to \(c.provinceName)")
                case .merge where c.toCode == code:
                    let group = changes.indices.filter { changes[$0].kind == .merge && changes[$0].toCode == code && changes[$0].effective == c.effective }
                    done.formUnion(group)
                    what = t("merged from \(group.map { named(changes[$0].code) }.joined(separator: ", "))")
                case .merge:
                    what = t("merged into \(named(c.toCode))")
                case .split where c.code == code:
                    let group = changes.indices.filter { changes[$0].kind == .split && changes[$0].code == code && changes[$0].effective == c.effective }
                    done.formUnion(group)
                    what = t("split into \(group.map { named(changes[$0].toCode) }.joined(separator: ", "))")
                case .split:
                    what = t("formed by the split of \(named(c.code))")
                case .dissolve:
                    what = t("dissolved")
                case .establish:
                    what = t("established")
                }
            }
            lines.append("\(date): \(what) (\(c.source))")
        }
        if history.awaitingTransfer {
            lines.append(t("Holdings not recorded until the province's transfer file after the split: rules not judged"))
        }
        return lines
    }
}

extension RegistryHistoryText {
    /// The registry's changes between a report's dates, one line each: "30/04/2026 — Xã Long Thành (26368):
    /// reclassified → Phường Long Thành, phường (Nghị quyết 237/NQ-UBTVQH16 ngày 14/04/2026)".
    /// - Parameter name: a unit's name as it stood on a day (the day before each change), by code.
    public static func changeLines(_ changes: [RegistryChange], name: (String, Day) -> String?, language: Language) -> [String] {
        changes.map { c in
            let before = c.effective.adding(days: -1)
            func label(_ code: String, _ day: Day) -> String { name(code, day).map { "\($0) (\(code))" } ?? code }
            let unit = c.isProvinceChange ? Phrase("province \(c.code)").text(language) : label(c.code, before)
            var what = c.kind.phrase.text(language)
            if !c.toCode.isEmpty, c.toCode != c.code { what += " → " + label(c.toCode, c.effective) }
            else if !c.name.isEmpty { what += " → " + c.name }
            if let type = c.type, c.kind == .reclassify { what += ", " + type.rawValue }
            return "\(Style.date(c.effective, language)) — \(unit): \(what) (\(c.source))"
        }
    }

    /// A report's section on the registry's changes between its dates, and how it counts them; nil when none.
    static func section(_ lines: [String], language: Language) -> ReportSection? {
        guard !lines.isEmpty else { return nil }
        let t = { (p: Phrase) in p.text(language) }
        let how = t("The registry changed between the report's dates (\(lines.count, "change")): each date counts the units that existed on it, with the names, types and provinces they had then; holdings of merged units pass to their successor on the merge's day.")
        return ReportSection(t("Registry changes between the dates"), sheet: t("Registry changes"), [.paragraph(how)] + lines.map { .paragraph($0) })
    }
}
