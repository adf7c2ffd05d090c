import ReadinessCore
import ReadinessStore

/// Who is asking, and so what they may see and change: made once from the signed-in account and
/// handed to every use case, which checks it (and the store checks it again inside each write's
/// transaction, through `writeGuard`).
///
/// * A commune officer sees the summary of their province, and reads details, records, imports and
///   submits only for their own commune.
/// * Province staff do all of that for every commune of their province, and review (approve, return, reopen).
/// * An admin sees everything and manages accounts, but records nothing.
/// * The command line (`local`) may do anything; locked periods still refuse it.
public struct Scope: Sendable, Hashable {
    public enum Role: Sendable, Hashable {
        case local
        case admin
        case province(String)
        case commune(code: String, province: String)
    }

    /// The account's name: what writes record as `recorded_by`.
    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    /// The command line, recording as `name`.
    public static func local(_ name: String) -> Scope { Scope(name: name, role: .local) }

    /// The scope of a signed-in account; a commune account's province is its commune's in `registry`
    /// when the account does not say.
    public init(account: AccountSummary, registry: CommuneDirectory? = nil) {
        name = account.name
        switch account.role {
        case .admin: role = .admin
        case .province: role = .province(account.provinceCode ?? "")
        case .commune:
            let code = account.communeCode ?? ""
            let province = account.provinceCode ?? registry.flatMap { try? $0.resolve(code).provinceCode } ?? ""
            role = .commune(code: code, province: province)
        }
    }

    /// Who a write is recorded as done by: the signed-in account for every account, whatever a form or a
    /// file claims; on the command line (`local`), the name it was given (`--by`, else the user's).
    public func actor(claimed: String) -> String {
        if case .local = role { claimed } else { name }
    }

    /// The commune of a commune officer.
    public var ownCommune: String? { if case .commune(let code, _) = role { code } else { nil } }

    public var isProvinceStaff: Bool { if case .province = role { true } else { false } }

    /// The communes whose figures this scope sees in summaries (counts, gap lists, reports).
    public func summaryCommunes(_ all: [Commune]) -> [Commune] {
        switch role {
        case .local, .admin: all
        case .province(let p), .commune(_, let p): all.filter { $0.provinceCode == p }
        }
    }

    /// May see the commune's card, holdings, history and audit trail.
    public func canReadDetails(_ c: Commune) -> Bool {
        switch role {
        case .local, .admin: true
        case .province(let p): c.provinceCode == p
        case .commune(let code, _): c.code == code
        }
    }

    /// May record, import and submit for the commune.
    /// May change every commune (the command on its own database; locked periods still refuse).
    public var writesEverywhere: Bool {
        if case .local = role { true } else { false }
    }

    public func canWrite(_ c: Commune) -> Bool {
        switch role {
        case .local: true
        case .admin: false
        case .province(let p): c.provinceCode == p
        case .commune(let code, _): c.code == code
        }
    }

    /// May approve, return and reopen the commune's periods.
    public func canReview(_ c: Commune) -> Bool {
        switch role {
        case .local: true
        case .admin, .commune: false
        case .province(let p): c.provinceCode == p
        }
    }

    public func requireDetails(_ c: Commune) throws(AppError) {
        guard canReadDetails(c) else { throw .forbidden("this account may not see the details of \(c.label)", field: "commune") }
    }

    public func requireWrite(_ c: Commune) throws(AppError) {
        guard canWrite(c) else { throw .forbidden("this account may not change \(c.label)", field: "commune") }
    }

    public func requireReview(_ c: Commune) throws(AppError) {
        guard canReview(c) else { throw .forbidden("only the province's staff may review \(c.label)", field: "commune") }
    }

    /// The same rule for the store, checked again inside each write's transaction.
    public var writeGuard: WriteGuard {
        switch role {
        case .local: .all
        case .admin: WriteGuard(communes: .none)
        case .province(let p): WriteGuard(communes: .province(p))
        case .commune(let code, _): WriteGuard(communes: .commune(code))
        }
    }

    /// The communes whose details (and audit trail) this scope reads, nil for all.
    public func detailCommunes(_ all: [Commune]) -> Set<String>? {
        switch role {
        case .local, .admin: nil
        case .province(let p): Set(all.filter { $0.provinceCode == p }.map(\.code))
        case .commune(let code, _): [code]
        }
    }
}
