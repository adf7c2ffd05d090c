/// The classes of the communes of one group (a former province, a commune type …).
public struct ClassGroup: Hashable, Sendable {
    /// The attribute's value as text; nil for communes that do not have the attribute.
    public var value: String?
    public var counts: [ReadinessClass: Int]
    /// Communes in the group, classed or not.
    public var total: Int
    /// Communes that could not be classed (no rule applies to them).
    public var unclassed: Int { total - counts.values.reduce(0, +) }
}

/// One bar of the readiness-index distribution: communes whose index lies in `lower..<upper`
/// (the last bar is exactly 1, the fully ready).
public struct IndexBin: Hashable, Sendable {
    public var lower: Double
    public var upper: Double
    public var count: Int
}

extension Evaluation {
    /// The classification split by a commune attribute (`former_province`, `type`, `island` …):
    /// one group per value, in the order the values first appear in the registry; communes
    /// without the attribute form a last group with a nil value.
    public func classSplit(by attribute: String) -> [ClassGroup] {
        var order: [String?] = []
        var groups: [String?: ClassGroup] = [:]
        for result in communes {
            let value = result.commune.attribute(attribute).map { $0.description }
            if groups[value] == nil {
                order.append(value)
                groups[value] = ClassGroup(value: value, counts: Dictionary(uniqueKeysWithValues: ReadinessClass.allCases.map { ($0, 0) }), total: 0)
            }
            groups[value]?.total += 1
            if let k = result.readinessClass { groups[value]?.counts[k, default: 0] += 1 }
        }
        let named = order.compactMap { $0 }.compactMap { groups[$0] }
        return named + (groups[nil].map { [$0] } ?? [])
    }

    /// Communes per band of the readiness index: `bins` equal bands from 0 to 1, then a last band for exactly 1.
    public func indexDistribution(bins: Int = 10) -> [IndexBin] {
        let n = max(1, bins)
        var result = (0..<n).map { IndexBin(lower: Double($0) / Double(n), upper: Double($0 + 1) / Double(n), count: 0) }
        result.append(IndexBin(lower: 1, upper: 1, count: 0))
        for index in communes.compactMap(\.index) {
            if index >= 1 - 1e-9 { result[n].count += 1; continue }
            result[min(n - 1, max(0, Int((index * Double(n)).rounded(.down))))].count += 1
        }
        return result
    }
}
