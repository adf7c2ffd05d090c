/// What one commune holds of one item on a date: the state the ledger's last
/// event on or before that date gives.
public struct Holding: Hashable, Sendable {
    public var communeCode: String
    public var item: String
    public var working: Int
    public var broken: Int
    public var attributes: [String: AttributeValue]
    /// The effective date of the event this state comes from.
    public var since: Day

    public init(communeCode: String, item: String, working: Int, broken: Int = 0,
                attributes: [String: AttributeValue] = [:], since: Day) {
        self.communeCode = communeCode
        self.item = item
        self.working = working
        self.broken = broken
        self.attributes = attributes
        self.since = since
    }
}

/// Every holding on one date, by commune code then item id.
public struct InventoryState: Sendable {
    public let asOf: Day
    private var holdings: [String: [String: Holding]]

    public init(asOf: Day, holdings: [Holding] = []) {
        self.asOf = asOf
        self.holdings = [:]
        for h in holdings { self.holdings[h.communeCode, default: [:]][h.item] = h }
    }

    public func holding(commune: String, item: String) -> Holding? { holdings[commune]?[item] }

    /// A commune's holdings by item id: an evaluation looks the commune up once for all its rules.
    func items(of commune: String) -> [String: Holding]? { holdings[commune] }

    public func holdings(commune: String) -> [Holding] {
        (holdings[commune] ?? [:]).values.sorted { $0.item < $1.item }
    }

    public mutating func set(_ holding: Holding) {
        holdings[holding.communeCode, default: [:]][holding.item] = holding
    }

    /// Sets `holding` unless the one held for its commune and item comes from a later day
    /// (from the same day, the new one wins), with one lookup of the commune.
    mutating func setUnlessLater(_ holding: Holding) {
        Self.setUnlessLater(holding, in: &holdings[holding.communeCode, default: [:]])
    }

    private static func setUnlessLater(_ holding: Holding, in items: inout [String: Holding]) {
        if let since = items[holding.item]?.since, since > holding.since { return }
        items[holding.item] = holding
    }
}
