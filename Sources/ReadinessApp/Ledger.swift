import ReadinessCore
import ReadinessInput
import ReadinessReports
import ReadinessStore

/// A commune's ledger events, newest first, optionally for one item.
public struct HistoryQuery: Sendable {
    public struct Result: Sendable {
        public var commune: Commune
        public var events: [LedgerEvent]
    }

    public let workspace: Workspace
    public let database: InventoryDatabase
    public init(workspace: Workspace, database: InventoryDatabase) {
        self.workspace = workspace
        self.database = database
    }

    public func run(commune query: String, item: String?) throws(AppError) -> Result {
        let catalog = try workspace.catalog()
        return try AppError.wrap {
            let commune = try CommuneDirectory(try database.communes()).resolve(query)
            if let item, catalog.item(item) == nil {
                throw AppError.notFound("unknown item \"\(item)\"; the catalogue has: \(catalog.items.map(\.id).joined(separator: ", "))",
                                        field: "item")
            }
            return Result(commune: commune, events: try database.events(commune: commune.code, item: item))
        }
    }
}

/// The equipment spreadsheets communes fill in, pre-filled with what the ledger holds on a date.
public struct MakeTemplates: Sendable {
    public enum Format: String, Sendable, CaseIterable { case xlsx, csv }

    public enum Scope: Sendable {
        /// One commune, as typed.
        case commune(String)
        /// Every commune of the registry.
        case all
    }

    public struct Template: Sendable {
        public var template: EquipmentTemplate
        /// "23344-xa-dak-plo.xlsx"
        public var fileName: String
    }

    public let workspace: Workspace
    public let database: InventoryDatabase
    public init(workspace: Workspace, database: InventoryDatabase) {
        self.workspace = workspace
        self.database = database
    }

    public func run(_ scope: Scope, on day: Day, format: Format) throws(AppError) -> [Template] {
        let catalog = try workspace.catalog()
        return try AppError.wrap {
            let registry = try database.communes()
            let communes: [Commune]
            switch scope {
            case .commune(let query): communes = [try CommuneDirectory(registry).resolve(query)]
            case .all:
                if registry.isEmpty { throw AppError.conflict("the registry is empty: load communes first (`readiness communes load FILE`)") }
                communes = registry
            }
            let state = try database.state(asOf: day)
            return communes.map { c in
                Template(template: EquipmentTemplate(commune: c, catalog: catalog, date: day, holdings: state.holdings(commune: c.code)),
                         fileName: Self.fileName(c, format))
            }
        }
    }

    /// "23344-xa-dak-plo.xlsx"
    public static func fileName(_ c: Commune, _ format: Format) -> String {
        "\(c.code)-" + VietnameseText.fold(c.name).replacingOccurrences(of: " ", with: "-") + "." + format.rawValue
    }
}
