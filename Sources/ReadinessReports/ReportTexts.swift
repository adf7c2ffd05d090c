import ReadinessCore

extension Phrase {
    /// A count of communes, wards or special zones: "1 commune", "2 communes"; in Vietnamese "2 địa phương",
    /// the reports' one word for every kind of unit (a count of `commune` would say "xã").
    static func communes(_ n: Int) -> Phrase { reportCount(n, "commune") }

    /// A count whose Vietnamese the reports word themselves: its key is "{1} commune" for one, "{1} communes"
    /// for any other number, so the Vietnamese table gives each its words and English gets its plural.
    static func reportCount(_ n: Int, _ singular: String, plural: String? = nil) -> Phrase {
        var text = Phrase.Interpolation(literalCapacity: singular.utf8.count + 2, interpolationCount: 1)
        text.appendInterpolation(n)
        text.appendLiteral(" " + (n == 1 ? singular : plural ?? singular + "s"))
        return Phrase(stringInterpolation: text)
    }
}
