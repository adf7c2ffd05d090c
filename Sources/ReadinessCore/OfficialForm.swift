/// The administrative form of a province's documents (Nghị định 30/2020/NĐ-CP on official correspondence):
/// who issues them and under whom, their number, where they are signed, who signs and who receives them.
/// It is data the province edits (Inventory/official-form.yaml), never a constant of the program.
public struct OfficialForm: Sendable, Hashable {
    /// One signature block: the title over it ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ"), the capacity
    /// ("KT. GIÁM ĐỐC", optional), the signer's name (empty: written by hand).
    public struct Signer: Sendable, Hashable {
        public var title: String
        public var capacity: String
        public var name: String
        public init(title: String, capacity: String = "", name: String = "") {
            self.title = title
            self.capacity = capacity
            self.name = name
        }
    }

    /// The governing body, in capitals ("UBND TỈNH QUẢNG NGÃI"); empty when there is none.
    public var parent: String
    /// The issuing body, in capitals ("SỞ KHOA HỌC VÀ CÔNG NGHỆ").
    public var body: String
    /// The number and symbol line ("Số:      /BC-SKHCN"): the number is written in when registered.
    public var number: String
    /// Where the document is signed ("Quảng Ngãi").
    public var place: String
    public var signers: [Signer]
    /// "Nơi nhận": one line each.
    public var recipients: [String]

    public init(parent: String = "", body: String, number: String, place: String, signers: [Signer], recipients: [String]) {
        self.parent = parent
        self.body = body
        self.number = number
        self.place = place
        self.signers = signers
        self.recipients = recipients
    }
}
