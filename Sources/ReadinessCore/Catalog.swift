/// A domain groups items and rules for the readiness index (per-domain share of rules met).
public struct Domain: Hashable, Sendable {
    public var id: String
    public var name: Localized
    public init(id: String, name: Localized) { self.id = id; self.name = name }
}

/// An attribute an item's holding can carry, with its type.
public struct AttributeSpec: Hashable, Sendable {
    public var name: String
    public var type: AttributeType
    /// The attribute in words ("đáp ứng yêu cầu hội nghị truyền hình"); nil: only its name is known.
    public var label: Localized?
    /// What its number counts ("Mbps"), for a whole number.
    public var unit: Localized?

    public init(name: String, type: AttributeType, label: Localized? = nil, unit: Localized? = nil) {
        self.name = name
        self.type = type
        self.label = label
        self.unit = unit
    }

    /// The attribute in words in `language`, its name when the catalogue gives none.
    public func words(_ language: Language) -> String { label?[language] ?? name }
}

/// A kind of equipment: queue-number machine, VCS terminal, …
public struct ItemKind: Hashable, Sendable {
    public var id: String
    public var name: Localized
    public var unit: Localized
    public var domain: String
    public var attributes: [AttributeSpec]

    public init(id: String, name: Localized, unit: Localized, domain: String, attributes: [AttributeSpec] = []) {
        self.id = id
        self.name = name
        self.unit = unit
        self.domain = domain
        self.attributes = attributes
    }

    public func attribute(_ name: String) -> AttributeSpec? { attributes.first { $0.name == name } }
}

/// The catalogue of item kinds and domains.
public struct Catalog: Sendable {
    public var domains: [Domain]
    public var items: [ItemKind]

    public init(domains: [Domain], items: [ItemKind]) {
        self.domains = domains
        self.items = items
    }

    public func item(_ id: String) -> ItemKind? { items.first { $0.id == id } }
    public func domain(_ id: String) -> Domain? { domains.first { $0.id == id } }
}
