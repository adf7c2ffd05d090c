/// What one unit of an item costs, with the date and source of the figure.
/// Prices are data (Inventory/prices.csv), never constants in code.
public struct Price: Hashable, Sendable {
    public var item: String
    /// Price of one new unit, in VND.
    public var unitPrice: Int
    /// Price of repairing one broken unit, in VND, when repair is possible.
    public var repairPrice: Int?
    public var date: Day
    public var source: String
    public var note: String

    public init(item: String, unitPrice: Int, repairPrice: Int? = nil, date: Day, source: String, note: String = "") {
        self.item = item
        self.unitPrice = unitPrice
        self.repairPrice = repairPrice
        self.date = date
        self.source = source
        self.note = note
    }
}

/// The price of every item the plan may buy, by item id.
public struct PriceList: Sendable {
    public var prices: [Price]

    public init(_ prices: [Price]) { self.prices = prices }

    public func price(for item: String) -> Price? { prices.first { $0.item == item } }
}

/// How a plan weighs what to buy first. Every part of a score is named, so a
/// line of the plan can show why it ranks where it does.
///
/// score = 1 (a rule met)
///       + deadline × (1 when the rule's deadline has passed; otherwise 0.5 × (1 − days left / 365), never below 0)
///       + ruleWeight × the rule's weight (the policy's `ruleWeights[rule id]` when it sets one, else the checklist's)
///       + hasNone × (1 when the commune has none at all, 0 when it has some but not enough)
///       + readiness × (1 − the commune's readiness index)
///       + the points of every bonus whose conditions the commune meets (e.g. `island: true`)
public struct PlanPolicy: Sendable, Hashable {
    public var deadline: Double
    public var ruleWeight: Double
    public var hasNone: Double
    public var readiness: Double
    /// Weights of single rules that replace the checklist's, by rule id (make VCS terminals count triple).
    public var ruleWeights: [String: Double]
    public var bonuses: [Bonus]

    /// Extra points for communes whose attributes meet every condition (remote, island, a former province …).
    public struct Bonus: Sendable, Hashable {
        public var name: String
        public var conditions: [Condition]
        public var points: Double
        public init(name: String, conditions: [Condition], points: Double) {
            self.name = name
            self.conditions = conditions
            self.points = points
        }
    }

    public init(deadline: Double = 2, ruleWeight: Double = 1, hasNone: Double = 1, readiness: Double = 1,
                ruleWeights: [String: Double] = [:], bonuses: [Bonus] = []) {
        self.deadline = deadline
        self.ruleWeight = ruleWeight
        self.hasNone = hasNone
        self.readiness = readiness
        self.ruleWeights = ruleWeights
        self.bonuses = bonuses
    }

    /// The weight a rule counts with in this policy.
    public func weight(of rule: Rule) -> Double { ruleWeights[rule.id] ?? rule.weight }

    public static let standard = PlanPolicy()
}

/// One named part of a score ("deadline", "has_none", "island: true" …) and the points it gives.
public struct ScorePart: Hashable, Sendable {
    public var name: String
    public var points: Double
    public init(name: String, points: Double) { self.name = name; self.points = points }
}

/// A priority score: its parts and their sum.
public struct Score: Hashable, Sendable {
    public var parts: [ScorePart]
    public var total: Double { parts.reduce(0) { $0 + $1.points } }
    /// The score in hundredths, the unit the selection maximises (exact integer arithmetic, exact ties): at
    /// least 1, and at most `Score.maximumHundredths`, so that the sum over any plan is far from Int's limits.
    public var hundredths: Int {
        let x = (total * 100).rounded()
        guard x.isFinite else { return x > 0 ? Score.maximumHundredths : 1 }
        return Int(min(Double(Score.maximumHundredths), max(1, x)))
    }

    /// A billion hundredths: far above what bounded weights give (`Limits.weightMaximum`).
    public static let maximumHundredths = 1_000_000_000
}
