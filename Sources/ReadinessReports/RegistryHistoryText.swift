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
