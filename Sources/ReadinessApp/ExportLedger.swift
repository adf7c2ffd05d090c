import Foundation
import ReadinessCore
import ReadinessStore

/// The ledger written as the flat exchange CSV that `import` reads back: one row per holding and day
/// (the event that day's state is), every attribute of the catalogue as a column, then source,
/// recorded_by, recorded_at (when it was first recorded, ISO 8601 UTC) and note. A ministry database that imports the provinces' exports holds, at every date,
/// each province's state; an export made again after more work adds only its new rows when imported
/// (the rows already recorded for their holding and day are recognised and skipped).
public struct ExportLedger: Sendable {
    public struct Result: Sendable, Equatable {
        public var rows: Int
        public var communes: Int
    }

    public let session: Session
    public init(session: Session) { self.session = session }

    /// The header: the columns `import` reads, the catalogue's attributes in catalogue order.
    public var header: [String] {
        var names: [String] = [], seen = Set<String>()
        for item in session.catalog.items { for a in item.attributes where seen.insert(a.name).inserted { names.append(a.name) } }
        return ["commune_code", "item", "working", "broken", "date"] + names + ["source", "recorded_by", "recorded_at", "note"]
    }

    /// Writes the rows of `province` (a province code of the registry; nil for all), effective on or after
    /// `since`, to `write` in pieces of about a megabyte (the header first).
    public func run(province: String?, since: Day?, write: (String) throws -> Void) throws(AppError) -> Result {
        if let province, !session.communes.contains(where: { $0.provinceCode == province }) {
            let known = Set(session.communes.map(\.provinceCode)).sorted()
            throw .notFound("--province \(province): no commune of the registry is in that province; known: \(known.prefix(40).joined(separator: ", "))", field: "province")
        }
        let header = self.header
        let attributes = Array(header.dropFirst(5).dropLast(4))
        var buffer = header.joined(separator: ",") + "\r\n"
        var rows = 0, communes = Set<String>()
        try AppError.wrap {
            try session.database.eachLastEventOfDay(province: province, since: since) { e in
                var fields = [e.communeCode, e.item, String(e.working), String(e.broken), e.effectiveOn.iso]
                for name in attributes { fields.append(e.attributes[name]?.description ?? "") }
                fields += [e.source, e.recordedBy, e.recordedAt, e.note]
                buffer += fields.map(CSV.escape).joined(separator: ",")
                buffer += "\r\n"
                rows += 1
                communes.insert(e.communeCode)
                if buffer.utf8.count >= 1 << 20 { try write(buffer); buffer = "" }
            }
            try write(buffer)
        }
        session.log.mark("export \(rows) rows")
        return Result(rows: rows, communes: communes.count)
    }

    /// Writes the export to a file, whole or not at all (a temporary file beside it, renamed when complete).
    public func run(province: String?, since: Day?, to url: URL) throws(AppError) -> Result {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).part")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: temporary) else {
            throw .input("cannot write \(url.path): check that its folder exists and can be written", field: "out")
        }
        do {
            let result = try run(province: province, since: since) { text in try handle.write(contentsOf: Data(text.utf8)) }
            try AppError.wrap {
                try handle.close()
                if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
                try FileManager.default.moveItem(at: temporary, to: url)
            }
            return result
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
