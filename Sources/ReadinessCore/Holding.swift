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
        // A run of holdings of one commune (as the store reads them) is one lookup of the commune.
        var start = holdings.startIndex
        while start < holdings.endIndex {
            let code = holdings[start].communeCode
            var end = start + 1
            while end < holdings.endIndex, holdings[end].communeCode == code { end += 1 }
            updateItems(of: code, expected: end - start) { items in
                for h in holdings[start..<end] { items[h.item] = h }
            }
            start = end
        }
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

    /// Runs `body` on one commune's holdings by item, in place: many events of one commune take
    /// one lookup of the commune. A commune not held yet starts with room for `expected` items, at most
    /// 16 (a commune's kinds of item, not its events).
    mutating func updateItems(of commune: String, expected: Int, _ body: (inout [String: Holding]) -> Void) {
        body(&holdings[commune, default: Dictionary(minimumCapacity: min(expected, 16))])
        if holdings[commune]?.isEmpty == true { holdings[commune] = nil }
    }

    /// Sets `holding` among a commune's `items` unless the one held for its item comes from a later
    /// day (from the same day, the new one wins): one hash of the item, the slot changed in place.
    static func setUnlessLater(_ holding: Holding, in items: inout [String: Holding]) {
        replaceUnlessLater(&items[holding.item, default: holding], with: holding)
    }

    private static func replaceUnlessLater(_ slot: inout Holding, with holding: Holding) {
        if slot.since <= holding.since { slot = holding }
    }
}
