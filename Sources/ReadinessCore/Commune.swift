/// The three kinds of commune-level unit since 1 July 2025.
public enum CommuneType: String, Sendable, Hashable, CaseIterable, Codable {
    case xa = "xã"
    case phuong = "phường"
    case dacKhu = "đặc khu"

    public var english: String {
        switch self {
        case .xa: "commune"
        case .phuong: "ward"
        case .dacKhu: "special zone"
        }
    }

    /// Reads a type as written in the official lists or typed by a person ("xa", "Phường", "dac khu").
    public init?(loose text: String) {
        switch VietnameseText.fold(text) {
        case "xa", "commune": self = .xa
        case "phuong", "ward": self = .phuong
        case "dac khu", "special zone": self = .dacKhu
        default: return nil
        }
    }
}

/// A commune-level unit: the official code is the key (names repeat across the country).
public struct Commune: Hashable, Sendable {
    public var code: String
    public var name: String
    public var type: CommuneType
    public var provinceCode: String
    public var provinceName: String
    /// Attributes rules may refer to: officials, counters, former_province, island …
    public var attributes: [String: AttributeValue]
    /// Established by a split whose holdings the province has not yet divided (no transfer file yet): what it
    /// holds is not recorded, so its rules are not judged.
    public var awaitingTransfer: Bool = false

    /// What a rule lacks for a unit awaiting its transfer file (shown as "not judged (no … in the registry)").
    public static let transferAttribute = "holdings_transfer"

    public init(code: String, name: String, type: CommuneType, provinceCode: String = "", provinceName: String = "",
                attributes: [String: AttributeValue] = [:]) {
        self.code = code
        self.name = name
        self.type = type
        self.provinceCode = provinceCode
        self.provinceName = provinceName
        self.attributes = attributes
    }

    /// "Xã Đăk Plô (23344)"
    public var label: String { "\(name) (\(code))" }

    /// The value a rule sees for an attribute: the commune's own, or its type under `type`.
    public func attribute(_ name: String) -> AttributeValue? {
        if name == "type" { return .text(type.rawValue) }
        return attributes[name]
    }
}

/// The attributes the communes of a registry have, each with the types its values take: what a
/// checklist or a policy may count by or select on (`type`, every commune's type, among them).
public struct RegistryAttributes: Sendable, Hashable {
    public var types: [String: Set<AttributeType>]

    public init(_ communes: [Commune]) {
        var types: [String: Set<AttributeType>] = [:]
        for commune in communes {
            for (name, value) in commune.attributes { types[name, default: []].insert(value.type) }
        }
        if !communes.isEmpty { types["type"] = [.text] }
        self.types = types
    }

    public init(types: [String: Set<AttributeType>]) { self.types = types }

    /// No commune has any attribute of its own (an official list loaded without an attribute file).
    public var isBare: Bool { types.keys.allSatisfy { $0 == "type" } }

    /// The attribute names, sorted.
    public var names: [String] { types.keys.sorted() }

    /// How a commune attribute is named to people: those of the official lists and the shipped attribute
    /// files in words, any other by its own name.
    public static func label(_ name: String) -> Phrase {
        switch name {
        case "former_province": "Former province"
        case "type": "Type of unit"
        case "officials": "Officials"
        case "counters": "Service counters"
        case "island": "Island commune"
        case Commune.transferAttribute: "Holdings divided after a split"
        default: Phrase(verbatim: name)
        }
    }
}
