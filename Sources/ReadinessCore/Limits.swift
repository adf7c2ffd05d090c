/// The range of every number a person gives, checked where it is read (file, row, column, the value
/// and the range in the message). Within them, every sum the program forms stays far below Int's limits.
public enum Limits {
    /// Units of an item in one holding (working, broken).
    public static let units: ClosedRange<Int> = 0...100_000
    /// A whole-number attribute of a commune or of a holding (officials, counters, bandwidth_mbps).
    public static let wholeAttribute: ClosedRange<Int> = 0...1_000_000
    /// A rule's `min`, in units.
    public static let ruleMinimum: ClosedRange<Int> = 0...100_000
    /// A rule's `ratio` (units per unit of the attribute): more than 0, at most this.
    public static let ratioMaximum = 1_000.0
    /// A rule's `weight`, a policy's `rule_weights`: more than 0, at most this; a policy's weights and a
    /// bonus's points: 0 up to this.
    public static let weightMaximum = 100.0
    /// Amounts of VND: prices and budgets, 0 to a quadrillion đồng (10^15).
    public static let money: ClosedRange<Int> = 0...1_000_000_000_000_000
    /// What closing every gap of a plan may cost at most (10^18 đ): beyond it a price or a count is wrong.
    public static let planCost = 1_000_000_000_000_000_000
    /// Dates of the ledger (an event's date, a date attribute): 2000-01-01 to 2100-12-31.
    public static let ledgerDays: ClosedRange<Day> = Day(year: 2000, month: 1, day: 1)!...Day(year: 2100, month: 12, day: 31)!
    /// Budgets compared in one `--budgets` (a list or a range's count).
    public static let budgetCount = 100
    /// Budget periods of one plan (`--phase`).
    public static let phaseCount = 20
    /// Bonuses of one plan policy.
    public static let bonusCount = 20
    /// Commune names shown per gap line (`--names`).
    public static let namesShown: ClosedRange<Int> = 0...10_000

    /// "0 to 100,000": a range as messages state it.
    public static func describe(_ range: ClosedRange<Int>) -> Phrase { "\(grouped(range.lowerBound)) to \(grouped(range.upperBound))" }

    /// "2025-01-01 to 2100-12-31".
    public static func describe(_ range: ClosedRange<Day>) -> Phrase { "\(range.lowerBound.iso) to \(range.upperBound.iso)" }

    /// 1000000 → "1,000,000".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// 1000.0 → "1,000"; 0.5 → "0.5".
    public static func grouped(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? grouped(Int(x)) : String(x)
    }
}

/// Numbers read from text in plain ASCII decimal: what `Int(_:)` and `Double(_:)` also accept — a sign
/// "+", spaces, hexadecimal "0x10", "inf", "nan", digits of other scripts — is never a number here.
public enum Numerals {
    /// "42", "007", "-3": ASCII digits with an optional leading "-"; nil for anything else or beyond Int.
    public static func whole(_ text: some StringProtocol) -> Int? {
        let u = text.utf8
        guard let first = u.first else { return nil }
        let digits = first == UInt8(ascii: "-") ? u.dropFirst() : u[...]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(String(text))
    }

    /// Whether the text is written as a whole number (`whole`'s form) however large: "99999999999999999999".
    public static func looksWhole(_ text: some StringProtocol) -> Bool {
        let u = text.utf8
        guard let first = u.first else { return false }
        let digits = first == UInt8(ascii: "-") ? u.dropFirst() : u[...]
        return !digits.isEmpty && digits.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// "1", "0.5", "-2", "2.5e9", "1E-3": ASCII digits, an optional leading "-", an optional fraction after
    /// ".", an optional exponent; nil for anything else, and for what is not finite ("1e999").
    public static func decimal(_ text: some StringProtocol) -> Double? {
        var u = Substring(text).utf8[...]
        if u.first == UInt8(ascii: "-") { u = u.dropFirst() }
        func digitRun() -> Int {
            let n = u.prefix { $0 >= 48 && $0 <= 57 }.count
            u = u.dropFirst(n)
            return n
        }
        let whole = digitRun()
        var fraction = 0
        if u.first == UInt8(ascii: ".") { u = u.dropFirst(); fraction = digitRun(); if fraction == 0 { return nil } }
        guard whole > 0 || fraction > 0 else { return nil }
        if u.first == UInt8(ascii: "e") || u.first == UInt8(ascii: "E") {
            u = u.dropFirst()
            if u.first == UInt8(ascii: "-") || u.first == UInt8(ascii: "+") { u = u.dropFirst() }
            if digitRun() == 0 { return nil }
        }
        guard u.isEmpty, let x = Double(String(text)), x.isFinite else { return nil }
        return x
    }
}

extension Int {
    /// `x` rounded up, held within Int (NaN gives 0): a count computed in floating point, converted without trapping.
    public static func clampedRoundingUp(_ x: Double) -> Int {
        guard !x.isNaN else { return 0 }
        let up = x.rounded(.up)
        if up >= 9.2e18 { return Int.max }
        if up <= -9.2e18 { return Int.min }
        return Int(up)
    }

    /// The sum, held at Int.max (or Int.min) rather than overflowing.
    public func addingSaturated(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// The product, held at Int.max (or Int.min) rather than overflowing.
    public func multipliedSaturated(by other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
    }
}
