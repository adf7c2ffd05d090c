/// How a condition compares an attribute.
public enum Comparison: Hashable, Sendable, CustomStringConvertible {
    case equal(AttributeValue)
    case notEqual(AttributeValue)
    case atLeast(AttributeValue)
    case greater(AttributeValue)
    case atMost(AttributeValue)
    case less(AttributeValue)
    /// A date not passed on the report date (a certificate still valid that day).
    case valid

    public var description: String {
        switch self {
        case .equal(let v): "== \(v)"
        case .notEqual(let v): "!= \(v)"
        case .atLeast(let v): ">= \(v)"
        case .greater(let v): "> \(v)"
        case .atMost(let v): "<= \(v)"
        case .less(let v): "< \(v)"
        case .valid: "valid"
        }
    }
}

/// `bandwidth_mbps >= 100`, `meets_hnth == true`, `expires_on valid`.
public struct Condition: Hashable, Sendable, CustomStringConvertible {
    public var attribute: String
    public var comparison: Comparison

    public init(attribute: String, comparison: Comparison) {
        self.attribute = attribute
        self.comparison = comparison
    }

    public var description: String { "\(attribute) \(comparison)" }

    /// Whether a value satisfies the condition on a report date. A missing value never does.
    public func holds(for value: AttributeValue?, on asOf: Day) -> Bool {
        guard let value else { return false }
        switch comparison {
        case .equal(let v): return value == v
        case .notEqual(let v): return value != v
        case .atLeast(let v): return Condition.compare(value, v).map { $0 >= 0 } ?? false
        case .greater(let v): return Condition.compare(value, v).map { $0 > 0 } ?? false
        case .atMost(let v): return Condition.compare(value, v).map { $0 <= 0 } ?? false
        case .less(let v): return Condition.compare(value, v).map { $0 < 0 } ?? false
        case .valid:
            if case .date(let d) = value { return d >= asOf }
            return false
        }
    }

    static func compare(_ a: AttributeValue, _ b: AttributeValue) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.date(let x), .date(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.text(let x), .text(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        default: return nil
        }
    }
}

/// Which communes a rule applies to: by type and by conditions on commune attributes.
public struct Applicability: Hashable, Sendable {
    public var types: Set<CommuneType>?
    public var conditions: [Condition]

    public init(types: Set<CommuneType>? = nil, conditions: [Condition] = []) {
        self.types = types
        self.conditions = conditions
    }

    public static let all = Applicability()

    public func applies(to commune: Commune, on asOf: Day) -> Bool {
        if let types, !types.contains(commune.type) { return false }
        return conditions.allSatisfy { $0.holds(for: commune.attribute($0.attribute), on: asOf) }
    }
}

/// How a gap line reads: "chưa có" (has none), "chưa đủ" (not enough), "chưa kết nối" (not connected).
public enum GapWording: String, Hashable, Sendable, CaseIterable {
    case none
    case notEnough = "not-enough"
    case notConnected = "not-connected"

    /// The words before the item, in English (the Vietnamese from the table).
    public var phrase: Phrase {
        switch self {
        case .none: "without"
        case .notEnough: "short of"
        case .notConnected: "not connected to"
        }
    }
}

/// One requirement of a checklist: an item and what is enough of it.
public struct Rule: Hashable, Sendable {
    public var id: String
    public var item: String
    public var name: Localized
    /// Units needed regardless of the commune (default 1).
    public var minimum: Int
    /// Units needed per unit of a commune attribute (one PC per official): attribute and ratio.
    public var per: String?
    public var ratio: Double
    /// Conditions a unit must meet to count.
    public var require: [Condition]
    public var appliesTo: Applicability
    public var wording: GapWording
    public var domain: String
    public var weight: Double
    public var deadline: Day
    public var source: String

    public init(id: String, item: String, name: Localized, minimum: Int = 1, per: String? = nil, ratio: Double = 1,
                require: [Condition] = [], appliesTo: Applicability = .all, wording: GapWording? = nil,
                domain: String, weight: Double = 1, deadline: Day, source: String = "") {
        self.id = id
        self.item = item
        self.name = name
        self.minimum = minimum
        self.per = per
        self.ratio = ratio
        self.require = require
        self.appliesTo = appliesTo
        self.wording = wording ?? ((per == nil && minimum <= 1) ? .none : .notEnough)
        self.domain = domain
        self.weight = weight
        self.deadline = deadline
        self.source = source
    }

    /// "42/96 địa phương chưa có Máy lấy số xếp hàng tự động"; with communes that cannot be judged, the line
    /// says how many and what is missing: "0/96 địa phương chưa đủ Máy tính, 96 địa phương chưa đánh giá được (thiếu officials)".
    public func gapLine(short: Int, total: Int, unknown: Int = 0, missing: String? = nil, language: Language) -> String {
        let line: Phrase = "\(short)/\(total) communes \(wording.phrase) \(name[language])"
        return line.text(language) + Rule.notJudged(unknown, missing: missing, language: language)
    }

    /// ", 96 not judged (no officials in the registry)"; empty when every commune is judged.
    public static func notJudged(_ unknown: Int, missing: String?, language: Language) -> String {
        guard unknown > 0 else { return "" }
        if missing == Commune.transferAttribute {
            let phrase: Phrase = ", \(unknown) not judged (holdings not recorded until the split's transfer file)"
            return phrase.text(language)
        }
        let phrase: Phrase = missing.map { ", \(unknown) not judged (no \($0) in the registry)" } ?? ", \(unknown) not judged"
        return phrase.text(language)
    }
}

/// Thresholds of the readiness index that class a commune as fully met, partly met or not met.
public struct ClassThresholds: Hashable, Sendable {
    public var fullyMet: Double
    public var partlyMet: Double
    public init(fullyMet: Double = 1.0, partlyMet: Double = 0.5) {
        self.fullyMet = fullyMet
        self.partlyMet = partlyMet
    }
}

/// A set of requirements with a deadline and a source document.
public struct Checklist: Sendable {
    /// The title for communes of `provinces` (their names as the registry writes them, "Tỉnh Quảng Ngãi"):
    /// a `{province}` in it becomes that province in the sentence ("tỉnh Quảng Ngãi", "Quảng Ngãi province"),
    /// or all provinces when there are several.
    public func title(_ language: Language, provinces: [String]) -> String {
        let template = title[language]
        guard template.contains("{province}") else { return template }
        var distinct: [String] = []
        for p in provinces where !p.isEmpty && !distinct.contains(p) {
            distinct.append(p)
            if distinct.count > 1 { break }
        }
        return template.replacingOccurrences(of: "{province}", with: Self.area(distinct.count == 1 ? distinct[0] : nil, language))
    }

    /// "Tỉnh Quảng Ngãi" as a title words it mid-sentence; nil: several provinces.
    static func area(_ province: String?, _ language: Language) -> String {
        guard let province else { return language == .vi ? "toàn quốc" : "all provinces" }
        let kinds: [(vi: String, en: String)] = [("Thành phố ", " city"), ("Tỉnh ", " province")]
        for kind in kinds where province.hasPrefix(kind.vi) {
            let name = String(province.dropFirst(kind.vi.count))
            return language == .vi ? kind.vi.lowercased() + name : name + kind.en
        }
        return province
    }

    public var id: String
    public var title: Localized
    public var source: String
    public var deadline: Day
    public var classes: ClassThresholds
    public var rules: [Rule]

    public init(id: String, title: Localized, source: String, deadline: Day, classes: ClassThresholds = .init(), rules: [Rule]) {
        self.id = id
        self.title = title
        self.source = source
        self.deadline = deadline
        self.classes = classes
        self.rules = rules
    }
}
