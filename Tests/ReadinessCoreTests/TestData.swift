import ReadinessCore

/// Small hand-made communes, catalogue and rules for the pure tests.
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

    static func commune(_ code: String, _ name: String, type: CommuneType = .xa, _ attributes: [String: AttributeValue] = [:],
                        province: String = "Tỉnh Quảng Ngãi") -> Commune {
        Commune(code: code, name: name, type: type, provinceCode: "51", provinceName: province, attributes: attributes)
    }

    static func rule(_ id: String, item: String, minimum: Int = 1, per: String? = nil, ratio: Double = 1,
                     require: [Condition] = [], appliesTo: Applicability = .all, domain: String = "service", weight: Double = 1) -> Rule {
        Rule(id: id, item: item, name: Localized(vi: id, en: id), minimum: minimum, per: per, ratio: ratio, require: require,
             appliesTo: appliesTo, domain: domain, weight: weight, deadline: day("2025-12-31"))
    }

    static func checklist(_ rules: [Rule], classes: ClassThresholds = .init()) -> Checklist {
        Checklist(id: "test", title: Localized(vi: "Thử", en: "Test"), source: "", deadline: day("2025-12-31"), classes: classes, rules: rules)
    }

    static func holding(_ commune: String, _ item: String, working: Int, broken: Int = 0,
                        _ attributes: [String: AttributeValue] = [:]) -> Holding {
        Holding(communeCode: commune, item: item, working: working, broken: broken, attributes: attributes, since: day("2025-07-01"))
    }
}
