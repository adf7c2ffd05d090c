/// One choice of a `<select>` as the templates show it: `{{value}}`, `{{label}}` and whether it is `selected`.
struct Choice: Sendable {
    var value: String
    var label: String
    var selected: Bool
}
