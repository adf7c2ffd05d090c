import ReadinessCore

/// The one builder of hand-made communes, catalogue, rules, checklists, holdings and events for the
/// pure tests: each says only what matters to its test, the rest has a plain default.
enum TestData {
    static func day(_ iso: String) -> Day { Day(iso: iso)! }

    static let catalog = Catalog(
        domains: [Domain(id: "service", name: Localized(vi: "Dịch vụ", en: "Service")),
                  Domain(id: "network", name: Localized(vi: "Mạng", en: "Network"))],
        items: [
            ItemKind(id: "queue-machine", name: Localized(vi: "Máy lấy số", en: "queue machine"), unit: Localized(vi: "máy", en: "unit"), domain: "service"),
            ItemKind(id: "official-pc", name: Localized(vi: "Máy tính", en: "PC"), unit: Localized(vi: "máy", en: "PC"), domain: "service"),
            ItemKind(id: "vcs-terminal", name: Localized(vi: "VCS", en: "VCS"), unit: Localized(vi: "bộ", en: "set"), domain: "network",
                     attributes: [AttributeSpec(name: "meets_hnth", type: .bool)]),
            ItemKind(id: "data-network-link", name: Localized(vi: "TSLCD", en: "link"), unit: Localized(vi: "đường", en: "link"), domain: "network",
                     attributes: [AttributeSpec(name: "bandwidth_mbps", type: .int)]),
            ItemKind(id: "digital-signature", name: Localized(vi: "Chữ ký số", en: "signature"), unit: Localized(vi: "cts", en: "cert"), domain: "network",
                     attributes: [AttributeSpec(name: "expires_on", type: .date)]),
        ])

    /// A commune of Quảng Ngãi; "Xã CODE" unless named.
    static func commune(_ code: String, _ name: String? = nil, type: CommuneType = .xa, attributes: [String: AttributeValue] = [:],
                        province: String = "Tỉnh Quảng Ngãi") -> Commune {
        Commune(code: code, name: name ?? "Xã \(code)", type: type, provinceCode: "51", provinceName: province, attributes: attributes)
    }

    /// A rule named by its id, for the item of the same id unless given, due 31/12/2025 unless given.
    static func rule(_ id: String, item: String? = nil, name: Localized? = nil, minimum: Int = 1, per: String? = nil, ratio: Double = 1,
                     require: [Condition] = [], appliesTo: Applicability = .all, domain: String = "service", weight: Double = 1,
                     deadline: Day = day("2025-12-31")) -> Rule {
        Rule(id: id, item: item ?? id, name: name ?? Localized(vi: id, en: id), minimum: minimum, per: per, ratio: ratio, require: require,
             appliesTo: appliesTo, domain: domain, weight: weight, deadline: deadline)
    }

    static func checklist(_ rules: [Rule], classes: ClassThresholds = .init(), deadline: Day = day("2025-12-31")) -> Checklist {
        Checklist(id: "test", title: Localized(vi: "Thử", en: "Test"), source: "", deadline: deadline, classes: classes, rules: rules)
    }

    /// A holding since 01/07/2025 unless given.
    static func holding(_ commune: String, _ item: String, working: Int, broken: Int = 0,
                        _ attributes: [String: AttributeValue] = [:], since: Day = day("2025-07-01")) -> Holding {
        Holding(communeCode: commune, item: item, working: working, broken: broken, attributes: attributes, since: since)
    }

    static func event(_ commune: String, _ item: String, on day: Day, working: Int, broken: Int = 0,
                      _ attributes: [String: AttributeValue] = [:]) -> NewEvent {
        NewEvent(communeCode: commune, item: item, effectiveOn: day, working: working, broken: broken, attributes: attributes)
    }
}
