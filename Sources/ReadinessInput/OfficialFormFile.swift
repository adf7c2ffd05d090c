import ReadinessCore
import Yams

/// The administrative form of the province's documents, in YAML (Inventory/official-form.yaml):
///
/// ```yaml
/// parent: UBND TỈNH QUẢNG NGÃI          # the governing body (optional)
/// body: SỞ KHOA HỌC VÀ CÔNG NGHỆ        # the issuing body
/// number: "Số:      /BC-SKHCN"          # number and symbol, the number written in when registered
/// place: Quảng Ngãi                     # "Quảng Ngãi, ngày … tháng … năm …"
/// signers:                              # signature blocks, left to right (one to three)
///   - title: NGƯỜI LẬP BIỂU
///   - title: THỦ TRƯỞNG ĐƠN VỊ
///     capacity: KT. GIÁM ĐỐC            # optional
///     name: Nguyễn Văn A                # optional: written by hand when absent
/// recipients:                           # "Nơi nhận"
///   - Như trên;
///   - Lưu VT.
/// ```
/// Every mistake is reported with its file:line:column.
public enum OfficialFormFile {
    static let topKeys: Set<String> = ["parent", "body", "number", "place", "signers", "recipients"]
    static let signerKeys: Set<String> = ["title", "capacity", "name"]
    /// Characters of one line of the form: a body's name or a recipient is a line or two.
    static let lineLimit = 300

    public static func parse(_ text: String, file: String) throws(InputProblems) -> OfficialForm {
        let r = YAMLReader(file: file)
        guard let root = r.root(of: text) else { throw InputProblems(r.issues) }
        guard let top = r.mapping(root, "the form", allowed: topKeys, required: ["body", "number", "place", "signers"]) else {
            throw InputProblems(r.issues)
        }
        func line(_ node: Node?, _ what: Phrase) -> String? {
            guard let text = r.string(node, what) else { return nil }
            if text.count > lineLimit { r.issue(node, "\(what) is \(text.count) characters long; at most \(lineLimit)"); return nil }
            if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                r.issue(node, "\(what) holds a control character")
                return nil
            }
            return text
        }
        let parent = top["parent"].flatMap { line($0, "parent") } ?? ""
        let body = line(top["body"], "body")
        let number = line(top["number"], "number")
        let place = line(top["place"], "place")
        var signers: [OfficialForm.Signer] = []
        let signerNodes = r.sequence(top["signers"], "signers") ?? []
        if top["signers"] != nil, !(1...3).contains(signerNodes.count) {
            r.issue(top["signers"], "signers: \(signerNodes.count) signature blocks; give one to three")
        }
        for (i, node) in signerNodes.prefix(3).enumerated() {
            let what: Phrase = "signers[\(i + 1)]"
            guard let m = r.mapping(node, what, allowed: signerKeys, required: ["title"]),
                  let title = line(m["title"], "\(what).title") else { continue }
            signers.append(.init(title: title, capacity: m["capacity"].flatMap { line($0, "\(what).capacity") } ?? "",
                                 name: m["name"].flatMap { line($0, "\(what).name") } ?? ""))
        }
        let recipientNodes = r.sequence(top["recipients"], "recipients") ?? []
        if recipientNodes.count > 30 { r.issue(top["recipients"], "recipients: \(recipientNodes.count) lines; at most 30") }
        let recipients = recipientNodes.prefix(30).enumerated().compactMap { i, node in line(node, "recipients[\(i + 1)]") }
        guard r.issues.isEmpty, let body, let number, let place else { throw InputProblems(r.issues) }
        return OfficialForm(parent: parent, body: body, number: number, place: place, signers: signers, recipients: recipients)
    }
}
