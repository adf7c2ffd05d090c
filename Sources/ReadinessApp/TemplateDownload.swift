import Foundation
import ReadinessCore
import ReadinessReports
import ReadinessStore
import ZIPFoundation

/// The equipment spreadsheet for the web's import page: for one commune the scope may record for, blank
/// or filled with what the ledger holds on the date; or, for province staff, every commune of their
/// province in one zip.
public struct TemplateDownload: Sendable {
    public struct Input: Sendable {
        /// As typed: code or name; nil with `all`, or for an officer (their own commune).
        public var commune: String?
        /// Every commune of the scope's province, one file each in a zip (province staff).
        public var all: Bool
        /// Pre-filled with the ledger's state on `asOf` (else blank: nothing filled in).
        public var filled: Bool
        public var asOf: Day
        public var scope: Scope

        public init(commune: String?, all: Bool = false, filled: Bool, asOf: Day, scope: Scope) {
            self.commune = commune
            self.all = all
            self.filled = filled
            self.asOf = asOf
            self.scope = scope
        }
    }

    public struct Result: Sendable {
        public var bytes: [UInt8]
        public var mediaType: String
        public var fileName: String
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    public func run(_ input: Input) throws(AppError) -> Result {
        try DateInput.check(input.asOf, field: "as-of")
        let communes: [Commune]
        if input.all {
            guard input.scope.isProvinceStaff || input.scope.writesEverywhere else {
                throw .forbidden("only the province's staff download every commune's template", field: "commune")
            }
            communes = session.narrowed(to: input.scope).communes
        } else {
            guard let typed = input.commune?.trimmedSpaces.nilIfEmpty ?? input.scope.ownCommune else {
                throw .field("commune", "give the commune: its code or name")
            }
            let commune = try session.commune(typed)
            try input.scope.requireWrite(commune)
            communes = [commune]
        }
        let state = input.filled ? try session.state(on: input.asOf) : nil
        func template(_ c: Commune) throws(AppError) -> [UInt8] {
            let t = EquipmentTemplate(commune: c, catalog: session.catalog, date: input.asOf, holdings: state?.holdings(commune: c.code) ?? [])
            do { return try t.xlsx() } catch { throw AppError(.internal, "cannot make the template: \(error)") }
        }
        let kind = input.filled ? "" : "blank-"
        if !input.all, let c = communes.first {
            return Result(bytes: try template(c), mediaType: ReportFormat.xlsx.mediaType,
                          fileName: kind + MakeTemplates.fileName(c, .xlsx))
        }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            for c in communes {
                let bytes = Data(try template(c))
                try archive.addEntry(with: kind + MakeTemplates.fileName(c, .xlsx), type: .file, uncompressedSize: Int64(bytes.count),
                                     compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw AppError(.internal, "the zip of templates was not made") }
            let province = input.scope.isProvinceStaff ? communes.first?.provinceCode ?? "" : "all"
            return Result(bytes: Array(data), mediaType: "application/zip", fileName: "\(kind)templates-\(province)-\(input.asOf.iso).zip")
        } catch let error as AppError {
            throw error
        } catch {
            throw AppError(.internal, "cannot make the zip of templates: \(error)")
        }
    }
}
